#pragma once
// Reading string members of JSON objects that users send (API bodies, CLI files), with the
// errors every caller gives: api.field_missing and api.field_type, naming the field.

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "itaku/core/result.hpp"

namespace itaku {

// Whether a member must be present. OmitEmpty (schema.hpp) is Optional, and also not written
// when empty.
enum class Presence { Required, Optional, OmitEmpty };

// api.field_type for `field` (a member's path, e.g. "locations.hours").
Error field_type_error(std::string field);

// Ids are at most 64 bytes (domain::valid_id); a member that names something may be up to
// twice that, so that a long id is answered as unknown rather than cut, and no longer, so that
// a name never carries a document into the ledger or a notice.
inline constexpr std::size_t kMaxIdentifierBytes = 128;

// The member `key` of `object` as a string; an absent optional member gives "".
Result<std::string> string_member(const nlohmann::json& object, const char* key,
                                  Presence presence = Presence::Required);

// The member `key` of `object` as a JSON boolean; an absent member gives false.
Result<bool> bool_member(const nlohmann::json& object, const char* key);

// A string member that names something (an id, a code, a place): at most kMaxIdentifierBytes,
// else api.field_too_long naming the member.
Result<std::string> identifier_member(const nlohmann::json& object, const char* key,
                                      Presence presence = Presence::Required);

}  // namespace itaku
