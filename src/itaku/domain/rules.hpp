#pragma once
// Helpers shared by the files that decide commands (commands.cpp, asset_commands.cpp): the
// shapes of their errors and events. Internal to the domain module.

#include <string>

#include "itaku/core/result.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain::rules {

Error invalid(std::string code, std::string ja, std::string en);
Error not_found(std::string code, std::string ja, std::string en, const std::string& id);
Error conflict(std::string code, std::string ja, std::string en);
Error denied(std::string code, std::string ja, std::string en);

// An id chosen by a user (valid_id); `what` names the field in the error.
Result<void> check_id(const std::string& id, const char* what);
// A required text of at most `max` bytes.
Result<void> check_text(const std::string& value, const char* field, std::size_t max = 500);

// The id of the next notification; `offset` counts those made earlier by the same command.
std::string notification_id(const State& state, std::size_t offset);

// The contract, unless it is unknown or closed.
Result<const Contract*> open_contract(const State& state, const std::string& id);

}  // namespace itaku::domain::rules
