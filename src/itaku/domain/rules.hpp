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

// The first control `id` of the contract's provision set, with the clause it cites
// ("長野市 第9-2"); nullopt when the set has none.
struct ContractControl {
  std::string clause;
  const provisions::Control* control = nullptr;
};
std::optional<ContractControl> contract_control(const State& state, const Contract& contract, std::string_view id);

// `person_id` names a person of one of the contract's parties (who did or witnessed an act);
// `code` prefixes the errors ("media" → media.person_not_party), which name `field`.
Result<void> check_party_person(const State& state, const Contract& contract, const std::string& person_id,
                                std::string_view code, const char* field);
// A day (YYYY-MM-DD) on which something was done: a date, not after today in Japan.
Result<void> check_past_day(const std::string& day, Timestamp now, std::string_view code, const char* field);

// The person an actor names ("person:p-yamada" → "p-yamada"), or "".
std::string actor_person(const Actor& actor);

// The party a command acts for: `organisation` when named, else the acting person's; it must be
// the contractor or a subcontractor of `contract`, else `code` (400) naming the field
// "organisation".
Result<std::string> acting_party(const State& state, const Contract& contract, const std::string& organisation,
                                 const Actor& actor, std::string code, std::string ja, std::string en);

}  // namespace itaku::domain::rules
