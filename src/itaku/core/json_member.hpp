#pragma once
// Reading string members of JSON objects that users send (API bodies, CLI files), with the
// errors every caller gives: api.field_missing and api.field_type, naming the field.

#include <string>

#include <nlohmann/json.hpp>

#include "itaku/core/result.hpp"

namespace itaku {

enum class Presence { Required, Optional };

// api.field_type for `field` (a member's path, e.g. "locations.hours").
Error field_type_error(std::string field);

// The member `key` of `object` as a string; an absent optional member gives "".
Result<std::string> string_member(const nlohmann::json& object, const char* key,
                                  Presence presence = Presence::Required);

}  // namespace itaku
