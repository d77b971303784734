#include "case_support.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "itaku/domain/command_types.hpp"

namespace itaku::testing {

using nlohmann::json;

// Who runs a case's command: the rest of its `as` line. What that line may say is decided here
// alone, so that when commands are run by a principal (a person with roles) only this function
// changes. Today it is an actor as the ledger records it: "person:p-yamada", "system".
std::optional<domain::Actor> actor_from(const std::string& text) {
  if (text == "system") return domain::Actor::system();
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon + 1 == text.size()) return std::nullopt;
  const auto kind = text.substr(0, colon);
  if (kind != "person" && kind != "token" && kind != "cli") return std::nullopt;
  return domain::Actor{text};
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

// The command on `line`, with each $index(<type>) replaced; a command the registry refuses
// gives the registry's error.
Result<domain::Command> command_from(const Instance& instance, const Line& line) {
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
  return domain::command_types().decode(value);
}

}  // namespace itaku::testing
