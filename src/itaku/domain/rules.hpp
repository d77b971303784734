#pragma once
// Helpers shared by the files that decide commands (one per capability: accounts.cpp,
// asset_commands.cpp, badges.cpp, …; commands.hpp lists them): the shapes of their errors and
// events. Internal to the domain module.

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain::rules {

Error invalid(std::string code, std::string ja, std::string en);
Error not_found(std::string code, std::string ja, std::string en, const std::string& id);
Error conflict(std::string code, std::string ja, std::string en);
Error denied(std::string code, std::string ja, std::string en);

// An id chosen by a user (valid_id); `what` names the field in the error.
Result<void> check_id(const std::string& id, const char* what);
// A required text of at most `max` characters.
Result<void> check_text(const std::string& value, const char* field, std::size_t max = 500);
// A text that must not be empty; its length is the command's declaration's (check_declared_lengths).
Result<void> check_required(const std::string& value, const char* field);

Error too_long(std::string_view field, std::size_t max);

// Every text member of the command is at most the max_length its declaration gives it
// (commands.hpp): one bound per member, whichever transport the command came from.
template <class C>
Result<void> check_declared_lengths(const C& command) {
  std::optional<Error> error;
  auto check = [&](const auto& m) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(command.*(m.pointer))>, std::string>)
      if (!error && m.doc.max_length > 0 && schema::code_points(command.*(m.pointer)) > m.doc.max_length)
        error = too_long(m.name, m.doc.max_length);
  };
  std::apply([&](const auto&... m) { (check(m), ...); }, C::members());
  if (error) return *std::move(error);
  return ok();
}

// The id of the next notification; `offset` counts those made earlier by the same command.
std::string notification_id(const State& state, std::size_t offset);

// The contract, unless it is unknown or closed.
Result<const Contract*> open_contract(const State& state, const std::string& id);

}  // namespace itaku::domain::rules
