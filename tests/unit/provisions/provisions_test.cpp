// Provision sets: the built-in Nagano and Kisarazu sets against the seed texts they were
// transcribed from, the lint rules on a corpus of malformed sets, and parsing another city's set.

#include "itaku/provisions/provision_set.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "itaku/core/bytes.hpp"
#include "itaku/crypto/sha256.hpp"

namespace itaku::provisions {
namespace {

namespace fs = std::filesystem;

const fs::path kCasesDir = ITAKU_PROVISION_CASES_DIR;
const fs::path kSeedsDir = ITAKU_SEEDS_DIR;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string describe(const std::vector<LintMessage>& messages) {
  std::string out;
  for (const auto& m : messages) out += "  line " + std::to_string(m.line) + " " + m.code + ": " + m.message_en + "\n";
  return out;
}

const ProvisionSet& builtin(std::string_view name) {
  static const auto kSets = builtin_sets();
  for (const auto& set : kSets)
    if (set.name == name) return set;
  ADD_FAILURE() << "no built-in set " << name;
  std::abort();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

// The Nagano seed breaks one sentence of 第12 over a blank line; the set holds it joined.
std::string nagano_seed() {
  auto text = read_file(kSeedsDir / "nagano.txt");
  const std::string broken = "適切か\n\nつ速やかに";
  const auto at = text.find(broken);
  EXPECT_NE(at, std::string::npos) << "the Nagano seed no longer has the broken line of 第12";
  if (at != std::string::npos) text.replace(at, broken.size(), "適切かつ速やかに");
  return text;
}

std::string kisarazu_seed() { return read_file(kSeedsDir / "kisarazu.txt"); }

// "第１０条" → "第10条": the set writes clause numbers with ASCII digits.
std::string ascii_digits(std::string s) {
  static const std::string kFullWidth[] = {"０", "１", "２", "３", "４", "５", "６", "７", "８", "９"};
  for (int d = 0; d < 10; ++d) {
    for (auto at = s.find(kFullWidth[d]); at != std::string::npos; at = s.find(kFullWidth[d]))
      s.replace(at, kFullWidth[d].size(), std::string(1, static_cast<char>('0' + d)));
  }
  return s;
}

// The clause numbers of the seeds, found by the patterns of their heading lines.
std::vector<std::string> seed_clause_numbers(const std::string& seed, const std::regex& pattern) {
  std::vector<std::string> numbers;
  for (const auto& line : lines_of(seed)) {
    std::smatch m;
    if (std::regex_search(line, m, pattern, std::regex_constants::match_continuous))
      numbers.push_back(ascii_digits(std::regex_replace(m.str(0), std::regex(" "), "")));
  }
  return numbers;
}

const std::regex kNaganoClause("第\\s*[0-9]+");
const std::regex kKisarazuClause("第(?:[0-9]|０|１|２|３|４|５|６|７|８|９)+条");

// A line of the seed body: a clause's first paragraph, a further paragraph or an item, with
// its numbering and separator; headings and the document title are not bodies.
const std::regex kNaganoBody("(?:第 ?[0-9]+|[0-9]+) (.+)");
const std::regex kKisarazuBody(
    "(?:第(?:０|１|２|３|４|５|６|７|８|９)+条|(?:０|１|２|３|４|５|６|７|８|９)+|⑴|⑵|⑶|⑷|⑸|⑹|⑺|⑻|⑼|\\([0-9]+\\))　(.+"
    ")");

std::vector<std::string> seed_bodies(const std::string& seed, const std::regex& body) {
  std::vector<std::string> out;
  for (const auto& raw : lines_of(seed)) {
    const auto line = trim(raw);
    if (line.empty() || line.starts_with("#")) continue;
    std::smatch m;
    if (std::regex_match(line, m, body)) {
      out.push_back(m.str(1));
    } else {
      // Everything else must be a heading in brackets, so that no text of the seed is missed.
      const bool heading =
          (line.starts_with("(") || line.starts_with("（")) && (line.ends_with(")") || line.ends_with("）"));
      EXPECT_TRUE(heading) << "unrecognised seed line: " << line;
    }
  }
  return out;
}

std::vector<std::string> set_texts(const ProvisionSet& set) {
  std::vector<std::string> out;
  for (const auto& clause : set.clauses) {
    for (const auto& paragraph : clause.paragraphs) {
      out.push_back(paragraph.text);
      for (const auto& item : paragraph.items) out.push_back(item.text);
    }
  }
  return out;
}

std::vector<std::string> set_numbers(const ProvisionSet& set) {
  std::vector<std::string> out;
  for (const auto& clause : set.clauses) out.push_back(clause.number);
  return out;
}

// --- The built-in sets --------------------------------------------------------------------

TEST(BuiltinSets, AreNaganoAndKisarazu) {
  const auto sets = builtin_sets();
  std::set<std::string> names;
  for (const auto& set : sets) names.insert(set.name);
  EXPECT_EQ(names, (std::set<std::string>{"kisarazu", "nagano"}));
  EXPECT_EQ(builtin("nagano").municipality, "長野市");
  EXPECT_EQ(builtin("nagano").title, "情報セキュリティ要件");
  EXPECT_EQ(builtin("kisarazu").municipality, "木更津市");
  EXPECT_EQ(builtin("kisarazu").title, "情報セキュリティに関する特記事項");
}

TEST(BuiltinSets, LintClean) {
  for (const auto& set : builtin_sets()) {
    const auto messages = lint_provision_set(set.source);
    EXPECT_TRUE(messages.empty()) << set.name << ":\n" << describe(messages);
  }
}

TEST(BuiltinSets, MatchTheFilesInTheDataDirectory) {
  for (const auto& set : builtin_sets()) {
    const auto file = read_file(fs::path(ITAKU_PROVISIONS_DATA_DIR) / (set.name + ".toml"));
    EXPECT_EQ(set.source, file) << set.name;
  }
}

TEST(BuiltinSets, CarryTheHashOfTheirText) {
  for (const auto& set : builtin_sets()) {
    EXPECT_EQ(set.content_hash, to_hex(crypto::sha256(as_bytes(set.source))));
    EXPECT_EQ(set.content_hash.size(), 64u);
  }
}

TEST(NaganoSet, HoldsExactlyTheClausesOfTheSeed) {
  const auto numbers = seed_clause_numbers(nagano_seed(), kNaganoClause);
  ASSERT_EQ(numbers.size(), 15u);
  EXPECT_EQ(set_numbers(builtin("nagano")), numbers);
  EXPECT_EQ(numbers.front(), "第1");
  EXPECT_EQ(numbers.back(), "第15");
}

TEST(KisarazuSet, HoldsExactlyTheClausesOfTheSeed) {
  const auto numbers = seed_clause_numbers(kisarazu_seed(), kKisarazuClause);
  ASSERT_EQ(numbers.size(), 19u);
  EXPECT_EQ(set_numbers(builtin("kisarazu")), numbers);
  EXPECT_EQ(numbers.front(), "第1条");
  EXPECT_EQ(numbers.back(), "第19条");
}

TEST(NaganoSet, QuotesEveryParagraphVerbatimFromTheSeed) {
  const auto seed = nagano_seed();
  for (const auto& clause : builtin("nagano").clauses) {
    EXPECT_NE(seed.find("(" + clause.title + ")"), std::string::npos) << clause.number << " title";
    for (const auto& paragraph : clause.paragraphs)
      EXPECT_NE(seed.find(paragraph.text), std::string::npos) << clause.number << "-" << paragraph.number;
  }
}

TEST(KisarazuSet, QuotesEveryParagraphAndItemVerbatimFromTheSeed) {
  const auto seed = kisarazu_seed();
  for (const auto& clause : builtin("kisarazu").clauses) {
    EXPECT_NE(seed.find(clause.title), std::string::npos) << clause.number << " title";
    for (const auto& paragraph : clause.paragraphs) {
      EXPECT_NE(seed.find(paragraph.text), std::string::npos) << clause.number << "-" << paragraph.number;
      for (const auto& item : paragraph.items)
        EXPECT_NE(seed.find(item.number + "　" + item.text), std::string::npos) << clause.number << item.number;
    }
  }
}

TEST(NaganoSet, LeavesOutNoTextOfTheSeed) {
  EXPECT_EQ(set_texts(builtin("nagano")), seed_bodies(nagano_seed(), kNaganoBody));
}

TEST(KisarazuSet, LeavesOutNoTextOfTheSeed) {
  EXPECT_EQ(set_texts(builtin("kisarazu")), seed_bodies(kisarazu_seed(), kKisarazuBody));
}

TEST(KisarazuSet, KeepsTheItemsOfArticles3And11) {
  const auto& set = builtin("kisarazu");
  const auto* article3 = find_clause(set, "第3条");
  ASSERT_NE(article3, nullptr);
  ASSERT_EQ(article3->paragraphs.size(), 1u);
  std::vector<std::string> items3;
  for (const auto& item : article3->paragraphs[0].items) items3.push_back(item.number);
  EXPECT_EQ(items3, (std::vector<std::string>{"⑴", "⑵", "⑶"}));

  const auto* article11 = find_clause(set, "第11条");
  ASSERT_NE(article11, nullptr);
  std::vector<std::string> items11;
  for (const auto& item : article11->paragraphs[0].items) items11.push_back(item.number);
  EXPECT_EQ(items11, (std::vector<std::string>{"(1)", "(2)", "(3)", "(4)"}));
}

TEST(NaganoSet, FlowsClauses3To10DownToSubcontractors) {
  const auto* clause = find_clause(builtin("nagano"), "第11");
  ASSERT_NE(clause, nullptr);
  const auto it = std::find_if(clause->controls.begin(), clause->controls.end(),
                               [](const Control& c) { return c.id == "subcontract.flow_down"; });
  ASSERT_NE(it, clause->controls.end());
  EXPECT_EQ(it->cites, "第11-3");
  EXPECT_EQ(it->params.at("clauses"), "第3,第4,第5,第6,第7,第8,第9,第10");
}

TEST(KisarazuSet, MarksItsStatementOfPurposeAsInformative) {
  const auto* clause = find_clause(builtin("kisarazu"), "第1条");
  ASSERT_NE(clause, nullptr);
  ASSERT_EQ(clause->controls.size(), 1u);
  EXPECT_EQ(clause->controls[0].id, "informative");
}

TEST(FindClause, FindsAClauseAsWrittenOrWithFullWidthDigitsAndSpaces) {
  const auto& kisarazu = builtin("kisarazu");
  ASSERT_NE(find_clause(kisarazu, "第12条"), nullptr);
  EXPECT_EQ(find_clause(kisarazu, "第12条")->title, "機器等の持ち込み");
  EXPECT_EQ(find_clause(kisarazu, "第１２条"), find_clause(kisarazu, "第12条"));
  EXPECT_EQ(find_clause(builtin("nagano"), "第 13"), find_clause(builtin("nagano"), "第13"));
  EXPECT_EQ(find_clause(kisarazu, "第1条")->number, "第1条");
  EXPECT_EQ(find_clause(kisarazu, "第20条"), nullptr);
  EXPECT_EQ(find_clause(kisarazu, ""), nullptr);
}

// --- Lint on the corpus of malformed sets ---------------------------------------------------

struct LintCase {
  std::string name;
  fs::path path;
};

std::vector<LintCase> invalid_cases() {
  std::vector<LintCase> cases;
  for (const auto& entry : fs::directory_iterator(kCasesDir / "invalid"))
    if (entry.path().extension() == ".toml") cases.push_back({entry.path().stem().string(), entry.path()});
  std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return cases;
}

// Names the case in test output instead of dumping its bytes.
void PrintTo(const LintCase& c, std::ostream* os) { *os << c.name; }

class LintCorpus : public ::testing::TestWithParam<LintCase> {};

TEST_P(LintCorpus, ReportsExactlyTheExpectedProblemOnTheExpectedLine) {
  const auto text = read_file(GetParam().path);
  // The first line says what lint must find: "# expect: <code> line <n>".
  std::smatch m;
  const auto first_line = text.substr(0, text.find('\n'));
  ASSERT_TRUE(std::regex_match(first_line, m, std::regex(R"(# expect: ([a-z_.]+) line ([0-9]+))")))
      << "bad first line: " << first_line;
  const std::string code = m.str(1);
  const int line = std::stoi(m.str(2));

  const auto messages = lint_provision_set(text);
  ASSERT_EQ(messages.size(), 1u) << describe(messages);
  EXPECT_EQ(messages[0].code, code) << describe(messages);
  EXPECT_EQ(messages[0].line, line) << describe(messages);
  EXPECT_FALSE(messages[0].message_ja.empty());
  EXPECT_FALSE(messages[0].message_en.empty());

  const auto parsed = parse_provision_set(text, GetParam().name + ".toml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "provisions.invalid");
  EXPECT_EQ(parsed.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(parsed.error().context.at("line"), std::to_string(line));
  EXPECT_EQ(parsed.error().context.at("problem"), code);
  EXPECT_NE(parsed.error().message.find(messages[0].message_en), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Invalid, LintCorpus, ::testing::ValuesIn(invalid_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(LintCorpus, CoversEveryLintRule) {
  std::set<std::string> covered;
  for (const auto& c : invalid_cases()) {
    const auto text = read_file(c.path);
    std::smatch m;
    const auto first_line = text.substr(0, text.find('\n'));
    if (std::regex_search(first_line, m, std::regex(R"(expect: ([a-z_.]+))"))) covered.insert(m.str(1));
  }
  for (const auto* code : {"provisions.syntax",
                           "provisions.missing_key",
                           "provisions.empty_value",
                           "provisions.wrong_type",
                           "provisions.bad_name",
                           "provisions.duplicate_clause",
                           "provisions.duplicate_paragraph",
                           "provisions.duplicate_item",
                           "provisions.no_paragraphs",
                           "provisions.no_controls",
                           "provisions.unknown_control",
                           "provisions.unknown_parameter",
                           "provisions.missing_parameter",
                           "provisions.bad_parameter_value",
                           "provisions.unknown_flow_down_clause",
                           "provisions.cite_outside_clause",
                           "provisions.bad_cite",
                           "provisions.cite_unknown_part",
                           "provisions.unknown_key",
                           "provisions.bad_number",
                           "provisions.unknown_condition",
                           "provisions.duplicate_condition"})
    EXPECT_TRUE(covered.contains(code)) << "no case in tests/cases/provisions/invalid for " << code;
  EXPECT_GE(invalid_cases().size(), 12u);
}

TEST(Lint, ReportsEveryProblemInLineOrder) {
  const std::string text = R"(name = "Bad Name"
version = "1"
municipality = "例示市"
title = "特記事項"
title_en = "Provisions"

[[clauses]]
number = "第1条"
titel = "秘密の保持"
summary_en = "Secrets are kept."

  [[clauses.paragraphs]]
  number = "1"
  text = "乙は、秘密を保持しなければならない。"

  [[clauses.controls]]
  id = "secrets.kept"
  cites = "第1条"
)";
  const auto messages = lint_provision_set(text);
  ASSERT_EQ(messages.size(), 4u) << describe(messages);
  EXPECT_EQ(messages[0].code, "provisions.bad_name");
  EXPECT_EQ(messages[0].line, 1);
  EXPECT_EQ(messages[1].code, "provisions.missing_key");  // title, at the clause's header
  EXPECT_EQ(messages[1].line, 7);
  EXPECT_EQ(messages[2].code, "provisions.unknown_key");
  EXPECT_EQ(messages[2].line, 9);
  EXPECT_NE(messages[2].message_en.find("did you mean \"title\""), std::string::npos) << messages[2].message_en;
  EXPECT_EQ(messages[3].code, "provisions.unknown_control");
  EXPECT_EQ(messages[3].line, 17);
}

TEST(Lint, ReportsEveryMissingKeyOfAnEmptyText) {
  const auto messages = lint_provision_set("");
  ASSERT_FALSE(messages.empty());
  for (const auto& m : messages) EXPECT_EQ(m.code, "provisions.missing_key");
}

TEST(Lint, SurvivesTextThatIsNotTomlAtAll) {
  for (const char* text : {"\x01\x02\x03", "[[", "= = =", "name = \"x\nversion", "\xff\xfe\xfd = 1"}) {
    const auto messages = lint_provision_set(text);
    ASSERT_FALSE(messages.empty()) << text;
    EXPECT_FALSE(parse_provision_set(text).ok());
  }
}

// --- Another city, and the content hash -----------------------------------------------------

TEST(ThirdCity, ParsesWithItsOwnNumberingAndControls) {
  const auto text = read_file(kCasesDir / "valid" / "third_city.toml");
  const auto set = parse_provision_set(text, "third_city.toml");
  ASSERT_TRUE(set.ok()) << set.error().describe() << "\n" << describe(lint_provision_set(text));
  EXPECT_EQ(set->name, "example-city");
  EXPECT_EQ(set->municipality, "例示市");
  ASSERT_EQ(set->clauses.size(), 4u);
  const auto* clause = find_clause(*set, "第3条");
  ASSERT_NE(clause, nullptr);
  ASSERT_EQ(clause->paragraphs.size(), 1u);
  ASSERT_EQ(clause->paragraphs[0].items.size(), 2u);
  EXPECT_EQ(clause->paragraphs[0].items[1].number, "二");
  ASSERT_EQ(clause->controls.size(), 2u);
  EXPECT_EQ(clause->controls[1].params.at("action"), "take_out");
  EXPECT_EQ(clause->controls[1].cites, "第3条(2)");
  EXPECT_EQ(set->source, text);
}

TEST(ContentHash, ChangesWhenTheTextChanges) {
  const auto text = read_file(kCasesDir / "valid" / "third_city.toml");
  auto edited = text;
  const std::string original = "あらかじめ";
  const auto at = edited.find(original);
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, original.size(), "事前に");
  const auto a = parse_provision_set(text);
  const auto b = parse_provision_set(edited);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a->content_hash, b->content_hash);
  EXPECT_EQ(a->content_hash, parse_provision_set(text)->content_hash);
  EXPECT_EQ(a->content_hash, to_hex(crypto::sha256(as_bytes(text))));
}

TEST(ContentHash, ChangesEvenWhenOnlyACommentChanges) {
  // The hash pins the text a contract was signed against, byte for byte.
  const auto text = read_file(kCasesDir / "valid" / "third_city.toml");
  const auto a = parse_provision_set(text);
  const auto b = parse_provision_set(text + "# a note\n");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a->content_hash, b->content_hash);
}

TEST(ParseProvisionSet, NamesTheFileAndTheFirstProblemInItsError) {
  const auto parsed = parse_provision_set("name = \"x\"\nversion = \n", "broken.toml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "provisions.invalid");
  EXPECT_EQ(parsed.error().context.at("file"), "broken.toml");
  EXPECT_EQ(parsed.error().context.at("line"), "2");
  EXPECT_EQ(parsed.error().context.at("problem"), "provisions.syntax");
  EXPECT_FALSE(parsed.error().message_ja.empty());
}

// The worked example of docs/PROVISIONS.md: every kind of parameter, `conditions`, a manual
// obligation and a flow-down of every clause, all accepted as written.
TEST(WorkedExample, ParsesWithItsParametersAndConditions) {
  const auto text = read_file(kCasesDir / "valid" / "reishi.toml");
  EXPECT_TRUE(lint_provision_set(text).empty()) << describe(lint_provision_set(text));
  const auto set = parse_provision_set(text, "reishi.toml");
  ASSERT_TRUE(set.ok()) << set.error().message;
  const auto* roster = find_clause(set.value(), "第3条");
  ASSERT_NE(roster, nullptr);
  ASSERT_EQ(roster->controls.size(), 3u);
  EXPECT_EQ(roster->controls[1].conditions, std::vector<std::string>{"location_registered"});
  EXPECT_EQ(roster->controls[2].params.at("acknowledge_within"), "P30D");
  const auto* copying = find_clause(set.value(), "第5条");
  ASSERT_NE(copying, nullptr);
  EXPECT_EQ(copying->controls[0].params.at("origin"), "city");
  const auto* flow_down = find_clause(set.value(), "第9条");
  ASSERT_NE(flow_down, nullptr);
  EXPECT_EQ(flow_down->controls[1].params.at("clauses"), "all");
}

std::string one_line_set(const std::string& control) {
  return "name = \"x\"\nversion = \"1\"\nmunicipality = \"例示市\"\ntitle = \"t\"\ntitle_en = \"t\"\n"
         "[[clauses]]\nnumber = \"第1条\"\ntitle = \"t\"\nsummary_en = \"s\"\n"
         "[[clauses.paragraphs]]\nnumber = \"1\"\ntext = \"本文\"\n[[clauses.controls]]\n" +
         control + "\ncites = \"第1条\"\n";
}

TEST(LintSuggestions, AMistypedControlIdNamesTheNearestControl) {
  const auto messages = lint_provision_set(one_line_set("id = \"roster.notifed\""));
  ASSERT_EQ(messages.size(), 1u) << describe(messages);
  EXPECT_EQ(messages[0].code, "provisions.unknown_control");
  EXPECT_NE(messages[0].message_ja.find("「roster.notified」の誤りではありませんか"), std::string::npos)
      << messages[0].message_ja;
  EXPECT_NE(messages[0].message_en.find("did you mean \"roster.notified\"?"), std::string::npos);
}

TEST(LintSuggestions, AnIdFarFromEveryControlSuggestsNothing) {
  const auto messages = lint_provision_set(one_line_set("id = \"coffee.served\""));
  ASSERT_EQ(messages.size(), 1u) << describe(messages);
  EXPECT_EQ(messages[0].message_en.find("did you mean"), std::string::npos) << messages[0].message_en;
}

TEST(LintSuggestions, AMistypedChoiceAndConditionNameTheNearestValue) {
  auto messages = lint_provision_set(one_line_set("id = \"approval.required\"\nparams = { action = \"coppy\" }"));
  ASSERT_EQ(messages.size(), 1u) << describe(messages);
  EXPECT_NE(messages[0].message_en.find("did you mean \"copy\"?"), std::string::npos) << messages[0].message_en;
  messages = lint_provision_set(one_line_set("id = \"roster.defined\"\nconditions = [\"location_registerd\"]"));
  ASSERT_EQ(messages.size(), 1u) << describe(messages);
  EXPECT_NE(messages[0].message_en.find("did you mean \"location_registered\"?"), std::string::npos);
}

TEST(LintNumbers, AFullWidthClauseNumberIsRefusedWithItsAsciiForm) {
  const auto messages = lint_provision_set(read_file(kCasesDir / "invalid" / "full_width_clause_number.toml"));
  ASSERT_EQ(messages.size(), 1u) << describe(messages);
  EXPECT_NE(messages[0].message_ja.find("「第2条」と書いてください"), std::string::npos) << messages[0].message_ja;
}

TEST(LintParameters, AWrongDurationSaysHowToWriteOne) {
  const auto messages = lint_provision_set(read_file(kCasesDir / "invalid" / "bad_duration.toml"));
  ASSERT_EQ(messages.size(), 1u) << describe(messages);
  EXPECT_NE(messages[0].message_ja.find("P14D（14日）"), std::string::npos) << messages[0].message_ja;
}

}  // namespace
}  // namespace itaku::provisions
