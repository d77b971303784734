// The command cases: every file in tests/cases/commands holds cases, each a command run through
// Service::execute as someone, after what the case is given, and the events it must record or
// the refusal it must meet. Every case runs on SQLite and on PostgreSQL, on an instance that
// holds only what the case is given. Adding a case needs no C++.
//
//   case <name>                      starts a case; a blank line ends it
//   given demo                       the demo (service::load_demo), loaded first
//   given <command>                  a command that must succeed, run as the system, in order
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
#include <libpq-fe.h>

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

#include "itaku/domain/command_types.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/service.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {
namespace {

using namespace domain;
using nlohmann::json;

const std::filesystem::path kCasesDir = std::filesystem::path(ITAKU_SOURCE_DIR) / "tests/cases/commands";

// A line of a case file, kept with where it came from for the failure message.
struct Line {
  int number = 0;
  std::string text;
};

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
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(kCasesDir))
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::set<std::string> names;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string text;
    int number = 0;
    std::optional<Case> current;
    auto finish = [&] {
      if (!current) return;
      const auto at = std::to_string(current->line) + ": ";
      if (!current->command) current->problems.push_back(at + "the case has no command");
      if (current->events.empty() != current->error.has_value())
        current->problems.push_back(at + "the case expects either events or an error");
      if (!names.insert(current->file + " " + current->name).second)
        current->problems.push_back(at + "another case of the file has the same name");
      out.cases.push_back(std::move(*current));
      current.reset();
    };
    while (std::getline(in, text)) {
      ++number;
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (text.starts_with("#")) continue;
      if (text.find_first_not_of(" \t") == std::string::npos) {
        finish();
        continue;
      }
      const auto space = text.find(' ');
      const auto key = text.substr(0, space);
      const auto value = space == std::string::npos ? std::string() : text.substr(space + 1);
      if (key == "case") {
        finish();
        current = Case{};
        current->file = path.filename().string();
        current->line = number;
        current->name = value;
        continue;
      }
      if (!current) {
        out.problems.push_back(path.filename().string() + ":" + std::to_string(number) + ": a line outside a case");
        continue;
      }
      read_line(*current, number, key, value);
    }
    finish();
  }
  return out;
}

const CaseFiles& case_files() {
  static const CaseFiles files = load_cases();
  return files;
}

// Who runs a case's command: the rest of its `as` line. What that line may say is decided here
// alone, so that when commands are run by a principal (a person with roles) only this function
// changes. Today it is an actor as the ledger records it: "person:p-yamada", "system".
std::optional<Actor> actor_from(const std::string& text) {
  if (text == "system") return Actor::system();
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon + 1 == text.size()) return std::nullopt;
  const auto kind = text.substr(0, colon);
  if (kind != "person" && kind != "token" && kind != "cli") return std::nullopt;
  return Actor{text};
}

// Whether `actual` has every member of `expected`: objects member by member, other values
// whole. Says which member differs.
bool has_members(const json& actual, const json& expected, const std::string& path, std::string& why) {
  if (expected.is_object() && actual.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      const auto member = path.empty() ? key : path + "." + key;
      if (!actual.contains(key)) {
        why = member + " is missing";
        return false;
      }
      if (!has_members(actual.at(key), value, member, why)) return false;
    }
    return true;
  }
  if (actual != expected) {
    why = path + " is " + actual.dump() + ", not " + expected.dump();
    return false;
  }
  return true;
}

// One itaku: a database, its ledger and the service over them, in a directory of its own.
struct Instance {
  TempDir dir;
  SimulatedClock clock{from_unix_micros(1'790'000'000'000'000)};  // 2026-09-21
  std::string url;
  std::optional<tlog::NoteSigner> signer;
  std::function<void()> after_close;  // drops a copied PostgreSQL database
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<service::Service> service;

  Instance() = default;
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  ~Instance() {
    service.reset();
    ledger.reset();
    database.reset();
    if (after_close) after_close();
  }

  Result<void> open() {
    database = TRY(storage::open_database(url));
    ledger = TRY(ledger::Ledger::open(*database, *signer, clock));
    service = TRY(service::Service::open(*database, *ledger, clock));
    return ok();
  }

  // The event of the ledger entry at `index`, or null for an entry that records none.
  json event_at(std::uint64_t index) const {
    auto entry = ledger->entry(index);
    if (!entry) return nullptr;
    auto parsed = json::parse(*entry, nullptr, false);
    return parsed.is_object() && parsed.contains("event") ? parsed["event"] : json(nullptr);
  }
};

Result<std::unique_ptr<Instance>> fresh_instance(storage::Backend backend) {
  auto instance = std::make_unique<Instance>();
  instance->url = fresh_database_url(backend, instance->dir.path());
  {
    auto database = TRY(storage::open_database(instance->url));
    TRY(storage::migrate(*database));
    instance->signer = TRY(ledger::create_signing_key(instance->dir.path(), "command-cases.test/ledger"));
    TRY(ledger::initialise_ledger(*database, *instance->signer, instance->clock));
  }
  TRY(instance->open());
  return instance;
}

// `url` with its database (the path) replaced by `database`.
std::string with_database(const std::string& url, const std::string& database) {
  const auto authority = url.find("://");
  const auto path = url.find_first_of("/?", authority == std::string::npos ? 0 : authority + 3);
  if (path == std::string::npos) return url + "/" + database;
  const auto query = url.find('?', path);
  return url.substr(0, path) + "/" + database + (query == std::string::npos ? "" : url.substr(query));
}

// The database `url` names.
std::string database_of(const std::string& url) {
  const auto authority = url.find("://");
  const auto path = url.find('/', authority == std::string::npos ? 0 : authority + 3);
  if (path == std::string::npos) return "";
  return url.substr(path + 1, url.find('?', path) - path - 1);
}

struct PgConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};

// The demo for the cases of one file on one backend. Loading it costs seconds (the built-in
// provision sets are read, and each command is a durable commit), so it is loaded once into a
// database that is then closed, and each case that needs it gets a copy: on SQLite a copy of the
// file, on PostgreSQL a database made from it as a template (CREATE DATABASE cannot run in a
// transaction, so that goes through libpq). A case that is refused records nothing, so every
// such case of the file runs on one copy (`shared`), made again only if a case records
// something after all.
class Demo {
 public:
  explicit Demo(storage::Backend backend) : backend_(backend) {}

  Result<Instance*> shared() {
    if (!shared_) shared_ = TRY(copy());
    return shared_.get();
  }
  void discard_shared() { shared_.reset(); }

  Result<std::unique_ptr<Instance>> copy() {
    TRY(load());
    auto instance = std::make_unique<Instance>();
    instance->signer = signer_;
    if (backend_ == storage::Backend::Sqlite) {
      const auto path = instance->dir.path() / "itaku.db";
      std::error_code error;
      std::filesystem::copy_file(dir_.path() / "demo.db", path, error);
      if (error) return make_error(ErrorKind::Io, "test.copy_failed", "コピーできません", error.message());
      instance->url = "sqlite:" + path.string();
    } else {
      static int copies = 0;
      const auto name = database_of(url_) + "_" + std::to_string(++copies);
      TRY(admin("CREATE DATABASE " + name + " TEMPLATE " + database_of(url_)));
      instance->url = with_database(url_, name);
      instance->after_close = [this, name] { (void)admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); };
    }
    TRY(instance->open());
    return instance;
  }

 private:
  Result<void> load() {
    if (signer_) return ok();
    auto instance = TRY(fresh_instance(backend_));
    TRY(service::load_demo(*instance->service));
    if (backend_ == storage::Backend::Sqlite) TRY(instance->database->copy_to(dir_.path() / "demo.db"));
    url_ = instance->url;
    signer_ = instance->signer;
    // The instance closes here: a template database must have no connections.
    return ok();
  }

  Result<void> admin(const std::string& sql) {
    if (!admin_) admin_.reset(PQconnectdb(std::getenv("ITAKU_TEST_POSTGRES_URL")));
    const std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(admin_.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK)
      return make_error(ErrorKind::Unavailable, "test.postgres", "PostgreSQL のエラー",
                        sql + ": " + PQerrorMessage(admin_.get()));
    return ok();
  }

  storage::Backend backend_;
  TempDir dir_;      // SQLite: demo.db
  std::string url_;  // the database the demo was loaded into
  std::optional<tlog::NoteSigner> signer_;
  std::unique_ptr<PGconn, PgConnectionCloser> admin_;
  std::unique_ptr<Instance> shared_;
};

// The command on `line`, with each $index(<type>) replaced; a command the registry refuses
// gives the registry's error.
Result<Command> command_from(const Instance& instance, const Line& line) {
  static const std::regex kIndex(R"(\$index\(([a-z_.]+)\))");
  std::string text;
  auto rest = line.text.cbegin();
  for (std::sregex_iterator it(line.text.begin(), line.text.end(), kIndex), end; it != end; ++it) {
    text.append(rest, (*it)[0].first);
    const auto type = (*it)[1].str();
    std::optional<std::uint64_t> found;
    for (auto index = instance.ledger->size(); index-- > 0 && !found;)
      if (const auto event = instance.event_at(index); event.is_object() && event.value("type", "") == type)
        found = index;
    if (!found) ADD_FAILURE() << "line " << line.number << ": no " << type << " event to take the index of";
    text += std::to_string(found.value_or(0));
    rest = (*it)[0].second;
  }
  text.append(rest, line.text.cend());
  auto value = json::parse(text, nullptr, false);
  if (value.is_discarded()) {
    ADD_FAILURE() << "line " << line.number << ": not JSON: " << text;
    return make_error(ErrorKind::Invalid, "test.not_json", "JSONではありません", "not JSON");
  }
  return command_types().decode(value);
}

// Runs the case's command on `instance`, prepared with what the case is given, and checks what
// it records or how it is refused.
void run_command(const Case& c, Instance& instance) {
  const auto actor = actor_from(c.actor);
  ASSERT_TRUE(actor.has_value()) << "unknown actor " << c.actor;
  for (const auto& line : c.given) {
    auto command = command_from(instance, line);
    ASSERT_TRUE(command.ok()) << "given on line " << line.number << ": " << command.error().describe();
    auto done = instance.service->execute(*command, Principal::system());
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
const std::map<std::string, std::string> kUnreachable = {};

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
