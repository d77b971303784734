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

// Canonical JSON bytes that have been checked: holding one proves the bytes are canonical,
// so the ledger's append path need not parse them again.
class CanonicalJson {
 public:
  // Serialises `value`; it must be an object (ledger entries and events are objects).
  static Result<CanonicalJson> from_object(const nlohmann::json& value);
  // Checks that `bytes` are a canonical JSON object.
  static Result<CanonicalJson> parse_object(std::string_view bytes);
  const std::string& bytes() const { return bytes_; }

 private:
  explicit CanonicalJson(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

// Parses bytes and checks they are already canonical (re-serialising gives the same bytes).
Result<nlohmann::json> parse_canonical_json(std::string_view bytes);

}  // namespace itaku
