#pragma once
// Every command by its name: reads a command written as JSON, {"command":"asset.register",
// …its members…}, into a domain::Command through the members the command declares
// (commands.hpp). The registry is built from the alternatives of the Command variant, so a
// command added to the variant is known here with no other list to keep in step.

#include <array>
#include <cstddef>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/core/result.hpp"
#include "itaku/domain/commands.hpp"

namespace itaku::domain {

class CommandTypes {
 public:
  // Reads a command's members (an object; its "command" member, if any, is not read) into it.
  using Decode = Result<Command> (*)(const nlohmann::json& members);
  struct Entry {
    std::string_view name;
    Decode decode;
  };

  CommandTypes();

  // The entry for `name`, or nullptr when no command has it.
  const Entry* find(std::string_view name) const;
  // Every name, sorted.
  std::vector<std::string_view> names() const;

  // Reads {"command": name, …members…}. Refuses, naming the member by its path in "field":
  // a command that is not an object (command.malformed), a missing or unknown name
  // (api.field_missing, command.unknown), a member the command does not declare
  // (api.field_unknown, so that a misspelt optional member is not silently dropped), and a
  // missing, mistyped or invalid member (api.field_missing, api.field_type, api.field_invalid).
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
