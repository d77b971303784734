#pragma once
// Canonical JSON, the byte form of every ledger entry: objects with keys sorted by their
// UTF-8 bytes, no insignificant whitespace, values limited to objects, arrays, strings
// (valid UTF-8) and integers. Strings escape only '"', '\\' and control characters
// (\b \f \n \r \t, others as \u00xx). The same value always gives the same bytes.

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "itaku/core/result.hpp"

namespace itaku {

// Serialises a value, refusing floats, booleans and null.
Result<std::string> canonical_json(const nlohmann::json& value);

// Parses bytes and checks they are already canonical (re-serialising gives the same bytes).
Result<nlohmann::json> parse_canonical_json(std::string_view bytes);

}  // namespace itaku
