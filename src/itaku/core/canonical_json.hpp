#pragma once
// Canonical JSON, the byte form of every ledger entry: objects with keys sorted by their
// UTF-8 bytes, no insignificant whitespace, values limited to objects, arrays, strings
// (valid UTF-8) and integers. Strings escape only '"', '\\' and control characters
// (\b \f \n \r \t, others as \u00xx). The same value always gives the same bytes.

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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
  friend class CanonicalWriter;
  explicit CanonicalJson(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

// Writes canonical JSON straight into bytes, without building a value first: for the paths
// every decision takes (its ledger entry and its answer). The caller writes each object's
// keys in byte order; the writer checks that order, the nesting and every string's UTF-8, and
// finishing fails if any was wrong, so its CanonicalJson is as trustworthy as from_object's.
// Strings are escaped exactly as canonical_json() escapes them.
class CanonicalWriter {
 public:
  CanonicalWriter& begin_object();
  CanonicalWriter& end_object();
  CanonicalWriter& begin_array();
  CanonicalWriter& end_array();
  // The next member's key; must sort after the previous key of the same object.
  CanonicalWriter& key(std::string_view key);
  CanonicalWriter& string(std::string_view value);
  template <std::integral T>
  requires(!std::same_as<T, bool>) CanonicalWriter& number(T value) {
    if constexpr (std::is_signed_v<T>)
      return signed_number(value);
    else
      return unsigned_number(value);
  }
  CanonicalWriter& member(std::string_view name, std::string_view value) { return key(name).string(value); }
  template <std::integral T>
  requires(!std::same_as<T, bool>) CanonicalWriter& member(std::string_view name, T value) {
    return key(name).number(value);
  }

  // The bytes of the one complete value written; fails on any misuse or invalid UTF-8.
  Result<std::string> finish() &&;
  // The same, for a value that must be an object.
  Result<CanonicalJson> finish_object() &&;

 private:
  struct Level {
    bool object = false;
    bool empty = true;     // no member or element yet
    bool has_key = false;  // a key was written and its value is still due (objects)
    std::string last_key;  // the previous key (objects)
  };
  CanonicalWriter& signed_number(std::int64_t value);
  CanonicalWriter& unsigned_number(std::uint64_t value);
  CanonicalWriter& digits(std::string_view text);
  // Before a value: the separator, and checks that a value may come here.
  void before_value();
  void fail(const char* problem);

  std::string out_;
  std::vector<Level> levels_;
  bool complete_ = false;          // one whole top-level value has been written
  const char* problem_ = nullptr;  // the first misuse, if any
  bool invalid_utf8_ = false;
};

// Parses bytes and checks they are already canonical (re-serialising gives the same bytes).
Result<nlohmann::json> parse_canonical_json(std::string_view bytes);

}  // namespace itaku
