#pragma once
// Every command by its name: reads a command written as JSON, {"command":"asset.register",
// …its members…}, into a domain::Command through the members the command declares
// (commands.hpp). The registry is built from the alternatives of the Command variant, so a
// command added to the variant is known here with no other list to keep in step.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/commands.hpp"

namespace itaku::domain {

namespace detail {
Error not_an_object();
Error unknown_member(std::string_view command, const std::string& key);
Error member_problem(const schema::Problem& problem);
}  // namespace detail

// Reads an object with T's declared members and none other. Refuses, naming the member in
// "field": a value that is not an object (command.malformed), a member T does not declare
// (api.field_unknown, so that a misspelt optional member is not silently dropped), and a missing
// or mistyped member (api.field_missing, api.field_type, api.field_invalid). `what` names T in
// the refusal of an unknown member; a member named `skip` is passed over. What the values must
// satisfy beyond their types is the rules' to say.
template <schema::Described T>
Result<T> decode_members(const nlohmann::json& members, std::string_view what, std::string_view skip = {}) {
  if (!members.is_object()) return detail::not_an_object();
  for (const auto& item : members.items()) {
    if (!skip.empty() && item.key() == skip) continue;
    const bool declared = std::apply([&](const auto&... m) { return ((m.name == item.key()) || ...); }, T::members());
    if (!declared) return detail::unknown_member(what, item.key());
  }
  T value{};
  if (auto problem = schema::decode_into(members, value, "")) return detail::member_problem(*problem);
  return value;
}

// Reads the members of a command C (an object; its "command" member, if any, is not read).
template <class C>
Result<C> decode_command(const nlohmann::json& members) {
  return decode_members<C>(members, C::kName, "command");
}

// The JSON Schema of what decode_command<C> reads: C's members, none other.
template <class C>
nlohmann::json command_schema() {
  auto schema = schema::Codec<C>::json_schema();
  schema["additionalProperties"] = false;
  return schema;
}

class CommandTypes {
 public:
  // Reads a command's members (an object; its "command" member, if any, is not read) into it.
  using Decode = Result<Command> (*)(const nlohmann::json& members);
  struct Entry {
    std::string_view name;
    Decode decode;
    nlohmann::json (*schema)();  // command_schema<C>
  };

  CommandTypes();

  // The entry for `name`, or nullptr when no command has it.
  const Entry* find(std::string_view name) const;
  // Every name, sorted.
  std::vector<std::string_view> names() const;

  // Reads {"command": name, …members…}: refuses a command that is not an object
  // (command.malformed), a missing or unknown name (api.field_missing, command.unknown), and
  // what decode_command refuses.
  Result<Command> decode(const nlohmann::json& object) const;

 private:
  std::array<Entry, std::variant_size_v<Command>> entries_;
};

// The registry of every command, built once.
const CommandTypes& command_types();

// The name of the command `command` holds ("asset.register").
std::string_view command_name(const Command& command);

// The command as JSON, {"command": its name, …its members…}: what CommandTypes::decode reads.
nlohmann::json to_json(const Command& command);

}  // namespace itaku::domain
