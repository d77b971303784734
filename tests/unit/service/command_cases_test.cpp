// The command cases: every file in tests/cases/commands holds cases, each a command run through
// Service::execute as someone, after what the case is given, and the events it must record or
// the refusal it must meet. Every case runs on SQLite and on PostgreSQL, on an instance that
// holds only what the case is given. Adding a case needs no C++.
//
//   case <name>                      starts a case; a blank line ends it
//   given demo                       the demo (service::load_demo), loaded first
//   given <command>                  a command that must succeed, run as the system, in order
//   given by <actor> <command>       the same, recorded as done by <actor> (see `as`)
//   as <actor>                       who runs the command: system (the default),
//                                    person:<id>, token:<id> or cli:<login>
//   command <command>                the command under test
//   expect <event type> [<members>]  the next event it records; <members> is a JSON object of
//                                    members its data must have (an object is compared member
//                                    by member, anything else whole)
//   expect error <code> [<context>]  it is refused with <code> and records nothing; <context>
//                                    is a JSON object of the error's context it must have
//
// A command is one line of JSON, {"command":"asset.register", …its members…}, read through the
// command registry (domain/command_types.hpp), so the cases exercise the commands' declarations
// too: a command the registry refuses is refused with the registry's code. In a command,
// $index(<event type>) stands for the ledger index of the newest event of that type (the
// receipt a document is issued for). The events expected are every event the command records,
// in order. Lines starting with # are comments.
//
//   case a contractor registers an asset it created
//   given demo
//   as person:p-yamada
//   command {"command":"asset.register","contract":"nagano-2026-001","id":"usb-1",…}
//   expect asset.registered {"id":"usb-1","quantity":"1"}
//
// The refusal codes of the domain's rules are read from their sources, and each must be
// expected by some case (EveryRefusalCodeOfTheRulesHasACase).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "case_support.hpp"
#include "itaku/domain/command_types.hpp"
#include "itaku/service/service.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {
namespace {

using namespace domain;
using nlohmann::json;

const std::filesystem::path kCasesDir = std::filesystem::path(ITAKU_SOURCE_DIR) / "tests/cases/commands";

struct ExpectedEvent {
  std::string type;
  json members = json::object();
};

struct Case {
  std::string file;
  int line = 0;
  std::string name;
  bool demo = false;
  std::vector<Line> given;
  std::string actor = "system";
  std::optional<Line> command;
  std::vector<ExpectedEvent> events;
  std::optional<std::string> error;
  json error_context = json::object();
  std::vector<std::string> problems;  // lines the runner could not read

  std::string where() const { return file + ":" + std::to_string(line) + " " + name; }
};

struct CaseFiles {
  std::vector<Case> cases;
  std::vector<std::string> problems;  // outside any case
};

// "<json>" or "" after a word: the optional object an expect line ends with.
std::optional<json> optional_object(const std::string& text, std::string& problem) {
  const auto start = text.find_first_not_of(' ');
  if (start == std::string::npos) return json::object();
  auto value = json::parse(text.substr(start), nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    problem = "not a JSON object: " + text.substr(start);
    return std::nullopt;
  }
  return value;
}

void read_line(Case& c, int number, const std::string& key, const std::string& value) {
  auto problem = [&](const std::string& what) { c.problems.push_back(std::to_string(number) + ": " + what); };
  if (key == "given") {
    if (value == "demo") {
      if (!c.given.empty()) problem("given demo comes before the given commands");
      c.demo = true;
    } else {
      c.given.push_back({number, value});
    }
  } else if (key == "as") {
    c.actor = value;
  } else if (key == "command") {
    if (c.command) problem("a case has one command");
    c.command = Line{number, value};
  } else if (key == "expect") {
    const auto space = value.find(' ');
    const auto word = value.substr(0, space);
    const auto rest = space == std::string::npos ? std::string() : value.substr(space + 1);
    std::string why;
    if (word == "error") {
      const auto code_end = rest.find(' ');
      c.error = rest.substr(0, code_end);
      if (c.error->empty()) problem("expect error names a code");
      auto context = optional_object(code_end == std::string::npos ? "" : rest.substr(code_end), why);
      if (!context) problem(why);
      c.error_context = context.value_or(json::object());
    } else {
      auto members = optional_object(rest, why);
      if (!members) problem(why);
      c.events.push_back({word, members.value_or(json::object())});
    }
  } else {
    problem("unknown key " + key);
  }
}

CaseFiles load_cases() {
  CaseFiles out;
  auto texts = read_case_files(kCasesDir);
  out.problems = std::move(texts.problems);
  for (auto& text : texts.cases) {
    Case c;
    c.file = text.file;
    c.line = text.line;
    c.name = text.name;
    c.problems = std::move(text.problems);
    for (const auto& [key, line] : text.lines) read_line(c, line.number, key, line.text);
    const auto at = std::to_string(c.line) + ": ";
    if (!c.command) c.problems.push_back(at + "the case has no command");
    if (c.events.empty() != c.error.has_value())
      c.problems.push_back(at + "the case expects either events or an error");
    out.cases.push_back(std::move(c));
  }
  return out;
}

const CaseFiles& case_files() {
  static const CaseFiles files = load_cases();
  return files;
}

// Runs the case's command on `instance`, prepared with what the case is given, and checks what
// it records or how it is refused.
void run_command(const Case& c, Instance& instance) {
  const auto actor = actor_from(c.actor);
  ASSERT_TRUE(actor.has_value()) << "unknown actor " << c.actor;
  for (const auto& given : c.given) {
    // "given by <actor> <command>": the command is recorded as that actor's.
    auto line = given;
    auto by = Principal::system();
    if (line.text.starts_with("by ")) {
      const auto space = line.text.find(' ', 3);
      const auto given_actor = actor_from(line.text.substr(3, space - 3));
      ASSERT_TRUE(given_actor.has_value() && space != std::string::npos) << "given on line " << line.number;
      by = Principal::system(*given_actor);
      line.text = line.text.substr(space + 1);
    }
    auto command = command_from(instance, line);
    ASSERT_TRUE(command.ok()) << "given on line " << line.number << ": " << command.error().describe();
    auto done = instance.service->execute(*command, by);
    ASSERT_TRUE(done.ok()) << "given on line " << line.number << ": " << done.error().describe();
  }

  const auto before = instance.ledger->size();
  auto command = command_from(instance, *c.command);
  // The case's actor is recorded as such; who may act is the authorization tests' subject.
  auto done = command.ok() ? instance.service->execute(*command, Principal::system(*actor))
                           : Result<std::uint64_t>(command.error());
  if (c.error) {
    ASSERT_FALSE(done.ok()) << "recorded " << instance.event_at(*done).value("type", "") << ", expected error "
                            << *c.error;
    const auto& error = done.error();
    EXPECT_EQ(error.code, *c.error) << error.describe();
    EXPECT_FALSE(error.message.empty());
    EXPECT_FALSE(error.message_ja.empty());
    for (const auto& [key, value] : c.error_context.items()) {
      const auto found = error.context.find(key);
      if (found == error.context.end())
        ADD_FAILURE() << "the error has no " << key << ": " << error.describe();
      else
        EXPECT_EQ(json(found->second), value) << key;
    }
    EXPECT_EQ(instance.ledger->size(), before) << "a refused command records nothing";
    return;
  }
  ASSERT_TRUE(done.ok()) << done.error().code << ": " << done.error().describe();
  ASSERT_EQ(*done, before);
  std::vector<json> events;
  for (auto index = before; index < instance.ledger->size(); ++index) events.push_back(instance.event_at(index));
  std::string types;
  for (const auto& event : events) types += event.value("type", "?") + " ";
  ASSERT_EQ(events.size(), c.events.size()) << "recorded " << types;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& expected = c.events[i];
    EXPECT_EQ(events[i].value("type", ""), expected.type) << "event " << i << "; recorded " << types;
    EXPECT_EQ(events[i].value("actor", ""), actor->id) << "event " << i;
    std::string why;
    EXPECT_TRUE(has_members(events[i].value("data", json::object()), expected.members, "", why))
        << expected.type << ": " << why;
  }
}

void run_case(const Case& c, storage::Backend backend, Demo& demo) {
  SCOPED_TRACE(c.where());
  for (const auto& problem : c.problems) ADD_FAILURE() << c.file << ":" << problem;
  if (!c.problems.empty()) return;
  if (c.demo && c.given.empty() && c.error) {
    auto shared = demo.shared();
    ASSERT_TRUE(shared.ok()) << shared.error().describe();
    const auto size = (*shared)->ledger->size();
    run_command(c, **shared);
    if ((*shared)->ledger->size() != size) demo.discard_shared();
    return;
  }
  auto instance = c.demo ? demo.copy() : fresh_instance(backend);
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  run_command(c, **instance);
}

// The cases of one file, on one backend.
class CommandCaseFile : public ::testing::TestWithParam<std::tuple<storage::Backend, std::string>> {};

TEST_P(CommandCaseFile, EveryCaseRecordsWhatItExpectsOrIsRefusedWithItsCode) {
  const auto& [backend, file] = GetParam();
  Demo demo(backend);
  int cases = 0;
  for (const auto& c : case_files().cases)
    if (c.file == file) {
      run_case(c, backend, demo);
      ++cases;
    }
  EXPECT_GT(cases, 0);
}

std::vector<std::string> case_file_names() {
  std::vector<std::string> names;
  for (const auto& c : case_files().cases)
    if (std::find(names.begin(), names.end(), c.file) == names.end()) names.push_back(c.file);
  return names;
}

std::string case_file_test_name(const ::testing::TestParamInfo<std::tuple<storage::Backend, std::string>>& info) {
  return backend_name(::testing::TestParamInfo<storage::Backend>(std::get<0>(info.param), info.index)) + "_" +
         std::filesystem::path(std::get<1>(info.param)).stem().string();
}

INSTANTIATE_TEST_SUITE_P(Files, CommandCaseFile,
                         ::testing::Combine(::testing::ValuesIn(test_backends()),
                                            ::testing::ValuesIn(case_file_names())),
                         case_file_test_name);

TEST(CommandCases, EveryLineOfEveryFileBelongsToACase) {
  EXPECT_FALSE(case_files().cases.empty());
  for (const auto& problem : case_files().problems) ADD_FAILURE() << problem;
}

// The name of the command a case runs, read from its line without running it.
std::string command_name_of(const Case& c) {
  if (!c.command) return "";
  static const std::regex kIndex(R"(\$index\([a-z_.]+\))");
  auto value = json::parse(std::regex_replace(c.command->text, kIndex, "0"), nullptr, false);
  return value.is_object() ? value.value("command", "") : "";
}

TEST(CommandCases, EveryCommandHasACaseItSucceedsIn) {
  std::set<std::string> succeeding;
  for (const auto& c : case_files().cases)
    if (!c.error) succeeding.insert(command_name_of(c));
  for (const auto name : command_types().names())
    EXPECT_TRUE(succeeding.contains(std::string(name))) << "no case runs " << name << " successfully";
}

// Refusal codes that no command can meet, with the reason. A code listed here must still be
// in the sources, and must not have a case (then it is reachable after all).
const std::map<std::string, std::string> kUnreachable = {
    {"training.too_many_rows",
     "10,001 attendance rows do not fit on a case's line; tests/unit/domain/training_test.cpp meets it"}};

// Every code the rules refuse a command with: the first argument of invalid(), not_found(),
// conflict(), denied() and make_error() in the files that decide commands, which are those
// that use the rules' helpers (rules.hpp; one file per capability, and rules.cpp itself).
std::map<std::string, std::string> refusal_codes() {
  static const std::regex kCall(
      R"re(\b(?:invalid|not_found|conflict|denied|make_error)\(\s*(?:ErrorKind::\w+,\s*)?"([a-z0-9_]+(?:\.[a-z0-9_]+)+)")re");
  std::map<std::string, std::string> codes;  // code → the file it is in
  const auto folder = std::filesystem::path(ITAKU_SOURCE_DIR) / "src/itaku/domain";
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    EXPECT_TRUE(in.good()) << entry.path();
    std::stringstream text;
    text << in.rdbuf();
    const auto source = text.str();
    if (source.find("#include \"itaku/domain/rules.hpp\"") == std::string::npos) continue;
    for (std::sregex_iterator it(source.begin(), source.end(), kCall), end; it != end; ++it)
      codes.emplace((*it)[1].str(), entry.path().filename().string());
  }
  return codes;
}

TEST(CommandCases, EveryRefusalCodeOfTheRulesHasACase) {
  const auto codes = refusal_codes();
  // The rules refuse in dozens of ways; finding few means the pattern no longer matches them.
  ASSERT_GE(codes.size(), 50u);
  std::set<std::string> expected;
  for (const auto& c : case_files().cases)
    if (c.error) expected.insert(*c.error);
  for (const auto& [code, file] : codes) {
    if (kUnreachable.contains(code)) {
      EXPECT_FALSE(expected.contains(code)) << code << " has a case: remove it from kUnreachable";
      continue;
    }
    EXPECT_TRUE(expected.contains(code)) << code << " (" << file << ") has no case in tests/cases/commands";
  }
  for (const auto& [code, reason] : kUnreachable)
    EXPECT_TRUE(codes.contains(code)) << code << " is no longer in the rules: remove it from kUnreachable";
}

}  // namespace
}  // namespace itaku::testing
