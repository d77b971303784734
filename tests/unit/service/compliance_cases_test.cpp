// The compliance cases: every file in tests/cases/compliance holds cases, each facts recorded
// on an instance (the demo, commands, decisions and reported accesses, at times the case sets)
// and the status it expects of controls and clauses of one contract, read through
// Service::compliance now or as of a time. The format is that of tests/cases/commands
// (command_cases_test.cpp, read by case_support.hpp), with these keys:
//
//   case <name>                      starts a case; a blank line ends it
//   given demo                       the demo, loaded first (at 2026-09-21T13:33:20Z)
//   clock <UTC time>                 what the clock says from here on (it never goes back)
//   given <command>                  a command that must succeed, run as the system
//   import <file>                    a provision set imported (provisions.import), the file
//                                    named from the source tree's root
//   decide <request>                 an access decision asked for (POST /api/v1/decide's body)
//   access <access>                  an observed access reported (a line of POST …/access-events)
//   contract <id>                    the contract whose compliance is read
//   at <date or UTC time>            read as of then (compliance::parse_as_of); else now
//   expect <control>[<value>] <party> <status> [<date>]
//                                    the finding of the first control with that id (and, with
//                                    [<value>], a parameter of that value: approval.required[copy]) for
//                                    <party> (an organisation id, or `contract` for a control
//                                    of the contract as a whole): its status, and for `due` the
//                                    date by which, for `violated` the date (in Japan) since
//   expect clause <number> <status>  the status of a clause
//   expect error <code>              the read is refused with <code>
//
// Every real evaluator has cases for each status it can give; the statuses it cannot give are
// said in docs/COMPLIANCE.md. EveryRealEvaluatorHasItsStatuses checks the cases cover them.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "case_support.hpp"
#include "itaku/compliance/compliance.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/service.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {
namespace {

using nlohmann::json;

const std::filesystem::path kCasesDir = std::filesystem::path(ITAKU_SOURCE_DIR) / "tests/cases/compliance";

struct Expectation {
  Line line;
  bool clause = false;
  std::string subject;  // control id or clause number
  std::string party;    // "contract" for a contract-wide control
  std::string status;
  std::string date;
  std::string param;  // approval.required[copy]: the control whose parameters hold this value
};

struct Step {
  std::string key;  // clock, given, decide, access
  Line line;
};

struct Case {
  CaseText text;
  bool demo = false;
  std::vector<Step> steps;
  std::string contract;
  std::string at;
  std::vector<Expectation> expectations;
  std::string error;
  std::vector<std::string> problems;
};

Case read_case(const CaseText& text) {
  Case c{text, false, {}, {}, {}, {}, {}, text.problems};
  for (const auto& [key, line] : text.lines) {
    auto problem = [&](const std::string& what) { c.problems.push_back(std::to_string(line.number) + ": " + what); };
    if (key == "given" && line.text == "demo") {
      if (!c.steps.empty()) problem("given demo comes first");
      c.demo = true;
    } else if (key == "given" || key == "clock" || key == "decide" || key == "access" || key == "import") {
      c.steps.push_back({key, line});
    } else if (key == "contract") {
      c.contract = line.text;
    } else if (key == "at") {
      c.at = line.text;
    } else if (key == "expect") {
      std::istringstream words(line.text);
      std::vector<std::string> w;
      for (std::string word; words >> word;) w.push_back(word);
      if (w.size() == 2 && w[0] == "error") {
        c.error = w[1];
      } else if (w.size() == 3 && w[0] == "clause") {
        c.expectations.push_back({line, true, w[1], "", w[2], "", ""});
      } else if (w.size() == 3 || w.size() == 4) {
        Expectation e{line, false, w[0], w[1], w[2], w.size() == 4 ? w[3] : "", ""};
        if (const auto open = e.subject.find('['); open != std::string::npos && e.subject.ends_with(']')) {
          e.param = e.subject.substr(open + 1, e.subject.size() - open - 2);
          e.subject.resize(open);
        }
        c.expectations.push_back(std::move(e));
      } else {
        problem("expect <control> <party> <status> [<date>], expect clause <number> <status> or expect error <code>");
      }
    } else {
      problem("unknown key " + key);
    }
  }
  if (c.contract.empty()) c.problems.push_back(std::to_string(text.line) + ": the case names no contract");
  if (c.expectations.empty() == c.error.empty())
    c.problems.push_back(std::to_string(text.line) + ": the case expects either statuses or an error");
  return c;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = [] {
    std::vector<Case> out;
    for (const auto& text : read_case_files(kCasesDir).cases) out.push_back(read_case(text));
    return out;
  }();
  return all;
}

// The request or access on `line`, as the API reads it.
Result<policy::Request> request_from(const Instance& instance, const Line& line, bool access) {
  auto value = json::parse(line.text, nullptr, false);
  if (value.is_discarded())
    return make_error(ErrorKind::Invalid, "test.not_json", "JSONではありません", "not JSON: " + line.text);
  return service::decision_request_from_json(value, "", instance.clock.now(), access);
}

Result<void> run_step(Instance& instance, const Step& step) {
  if (step.key == "clock") {
    const auto to = TRY(parse_utc(step.line.text));
    if (to < instance.clock.now())
      return make_error(ErrorKind::Invalid, "test.clock_back", "時計は戻りません", "the clock never goes back");
    instance.clock.set(to);
  } else if (step.key == "given") {
    TRY(instance.service->execute(TRY(command_from(instance, step.line)), domain::Principal::system()));
  } else if (step.key == "import") {
    std::ifstream in(std::filesystem::path(ITAKU_SOURCE_DIR) / step.line.text, std::ios::binary);
    if (!in) return make_error(ErrorKind::Invalid, "test.no_file", "ファイルがありません", "no file " + step.line.text);
    std::ostringstream text;
    text << in.rdbuf();
    TRY(instance.service->execute(domain::ImportProvisions{text.str()}, domain::Principal::system()));
  } else {
    const auto request = TRY(request_from(instance, step.line, step.key == "access"));
    const policy::Request requests[] = {request};
    if (step.key == "access")
      TRY(instance.service->record_accesses(requests, domain::Actor::system()));
    else
      TRY(instance.service->decide(requests, domain::Actor::system()));
  }
  return ok();
}

// The finding the expectation names, and what it says of itself for a failure message.
const compliance::Finding* find_finding(const compliance::Report& report, const Expectation& e) {
  for (const auto& clause : report.clauses)
    for (const auto& control : clause.controls) {
      if (control.id != e.subject) continue;
      if (!e.param.empty() && std::ranges::none_of(control.params, [&](const auto& p) { return p.second == e.param; }))
        continue;
      for (const auto& f : control.findings)
        if (f.party == (e.party == "contract" ? "" : e.party)) return &f;
      return nullptr;
    }
  return nullptr;
}

void check(const Case& c, const compliance::Report& report) {
  for (const auto& e : c.expectations) {
    SCOPED_TRACE("line " + std::to_string(e.line.number) + ": " + e.line.text);
    if (e.clause) {
      const auto clause = std::ranges::find_if(report.clauses, [&](const auto& cl) { return cl.number == e.subject; });
      ASSERT_NE(clause, report.clauses.end()) << "no clause " << e.subject;
      EXPECT_EQ(compliance::to_string(clause->status), e.status);
      continue;
    }
    const auto* f = find_finding(report, e);
    ASSERT_NE(f, nullptr) << "no finding of " << e.subject << " for " << e.party;
    EXPECT_EQ(compliance::to_string(f->status), e.status) << f->evidence.en;
    EXPECT_FALSE(f->evidence.ja.empty());
    EXPECT_FALSE(f->evidence.en.empty());
    if (f->status == compliance::Status::Due) {
      EXPECT_EQ(f->due, e.date) << f->evidence.en;
    }
    if (f->status == compliance::Status::Violated) {
      ASSERT_TRUE(f->since.has_value());
      EXPECT_EQ(format_date(jst_date(*f->since)), e.date) << f->evidence.en;
      EXPECT_FALSE(f->evidence.indices.empty()) << "a violation names the facts that show it";
    }
    if (f->status == compliance::Status::Met) {
      EXPECT_FALSE(f->evidence.indices.empty()) << "met rests on facts";
    }
  }
}

void run_case(const Case& c, storage::Backend backend, Demo& demo) {
  SCOPED_TRACE(c.text.where());
  for (const auto& problem : c.problems) ADD_FAILURE() << c.text.file << ":" << problem;
  if (!c.problems.empty()) return;
  auto made = c.demo ? demo.copy() : fresh_instance(backend);
  ASSERT_TRUE(made.ok()) << made.error().describe();
  auto& instance = **made;
  for (const auto& step : c.steps) {
    auto done = run_step(instance, step);
    ASSERT_TRUE(done.ok()) << "line " << step.line.number << ": " << done.error().describe();
  }
  const auto report = instance.service->compliance(c.contract, domain::Principal::system(),
                                                   c.at.empty() ? std::nullopt : std::optional<std::string_view>(c.at));
  if (!c.error.empty()) {
    ASSERT_FALSE(report.ok()) << "expected error " << c.error;
    EXPECT_EQ(report.error().code, c.error) << report.error().describe();
    return;
  }
  ASSERT_TRUE(report.ok()) << report.error().describe();
  check(c, *report);
}

class ComplianceCaseFile : public ::testing::TestWithParam<std::string> {};

// The cases run on SQLite: what they test is the evaluation, which reads the same state and the
// same tally whichever backend holds the ledger (the command cases cover both backends).
TEST_P(ComplianceCaseFile, EveryCaseGivesTheStatusesItExpects) {
  Demo demo(storage::Backend::Sqlite);
  int count = 0;
  for (const auto& c : cases())
    if (c.text.file == GetParam()) {
      run_case(c, storage::Backend::Sqlite, demo);
      ++count;
    }
  EXPECT_GT(count, 0);
}

std::vector<std::string> file_names() {
  std::set<std::string> names;
  for (const auto& c : cases()) names.insert(c.text.file);
  return {names.begin(), names.end()};
}

INSTANTIATE_TEST_SUITE_P(Files, ComplianceCaseFile, ::testing::ValuesIn(file_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return std::filesystem::path(info.param).stem().string();
                         });

TEST(ComplianceCases, EveryLineOfEveryFileBelongsToACase) {
  const auto texts = read_case_files(kCasesDir);
  EXPECT_FALSE(texts.cases.empty());
  for (const auto& problem : texts.problems) ADD_FAILURE() << problem;
}

// The statuses each real evaluator can give (docs/COMPLIANCE.md says why the others cannot
// happen), each of which some case must expect.
const std::map<std::string, std::set<std::string>> kReachable = {
    {"roster.defined", {"met", "due", "violated"}},
    {"roster.notified", {"met", "due", "violated"}},
    {"roster.information_manager", {"met", "due", "violated"}},
    {"roster.asset_users_notified", {"met", "due", "violated", "not_applicable"}},
    {"badge.worn", {"met", "due", "violated", "not_applicable"}},
    {"former_workers.access_revoked", {"met", "due", "violated", "not_applicable"}},
    {"training.valid", {"met", "due", "violated", "not_applicable"}},
    {"training.delivered", {"met", "due", "violated"}},
    {"training.reported", {"met", "manual_check"}},
    {"provisions.acknowledged", {"met", "due", "violated", "not_applicable"}},
    {"nda.signed", {"met", "due", "violated", "not_applicable"}},
    {"former_workers.bound", {"met", "violated", "not_applicable"}},
    {"asset.classes_defined", {"met"}},
    {"asset.access_rules", {"met", "violated"}},
    {"receipt.issued", {"met", "due", "violated", "not_applicable"}},
    {"custody.recorded", {"met", "due", "violated", "not_applicable"}},
    {"asset.inventory", {"met", "due", "violated", "not_applicable"}},
    {"access.decided", {"met", "due", "violated", "not_applicable"}},
    {"access.monitored", {"met", "due", "violated"}},
    {"purpose.limited", {"met", "due", "violated", "not_applicable"}},
    {"third_party.prohibited", {"met", "due", "violated", "not_applicable"}},
    {"approval.required", {"met", "due", "violated", "not_applicable", "not_tracked"}},
    {"approval.justified", {"met", "not_applicable"}},
    {"safekeeping.managed", {"met", "due", "not_applicable"}},
    {"return.timely", {"met", "due", "violated", "not_applicable"}},
    {"disposal.on_instruction", {"met", "due", "violated", "not_applicable"}},
    {"disposal.certified", {"met", "due", "violated", "not_applicable"}},
    {"created_assets.reported", {"met", "due", "violated", "not_applicable"}},
    {"device.registered", {"met", "due", "violated", "not_applicable"}},
    {"media.destroyed", {"met", "not_applicable"}},
    {"media.destruction_reported", {"met", "due", "violated", "not_applicable"}},
    {"informative", {"not_applicable"}},
    {"confidentiality.kept", {"manual_check"}},
    {"obligation.recorded", {"manual_check"}},
};

TEST(ComplianceCases, EveryRealEvaluatorHasItsStatuses) {
  std::map<std::string, std::set<std::string>> expected;
  for (const auto& c : cases())
    for (const auto& e : c.expectations)
      if (!e.clause) expected[e.subject].insert(e.status);
  for (const auto& [control, statuses] : kReachable)
    for (const auto& status : statuses)
      EXPECT_TRUE(expected[control].contains(status)) << control << " has no case where it is " << status;
}

}  // namespace
}  // namespace itaku::testing
