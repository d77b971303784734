#include "itaku/core/canonical_json.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

namespace itaku {

namespace {
// The JSON Pointer of the first value canonical JSON does not allow, or nothing. The path is
// built only for a value that fails: checking allocates nothing.
bool find_bad_type(const nlohmann::json& value, std::string& path) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      for (const auto& [key, child] : value.items())
        if (find_bad_type(child, path)) {
          path.insert(0, key);
          path.insert(0, 1, '/');
          return true;
        }
      return false;
    case nlohmann::json::value_t::array:
      for (std::size_t i = 0; i < value.size(); ++i)
        if (find_bad_type(value[i], path)) {
          path.insert(0, std::to_string(i));
          path.insert(0, 1, '/');
          return true;
        }
      return false;
    case nlohmann::json::value_t::string:
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return false;
    default: return true;
  }
}

Result<void> check_types(const nlohmann::json& value) {
  std::string path;
  if (!find_bad_type(value, path)) return ok();
  return make_error(ErrorKind::Invalid, "json.not_canonical_type",
                    "正規形JSONに使えない値です（整数・文字列・配列・オブジェクトのみ）",
                    "canonical JSON allows only integers, strings, arrays and objects")
      .with("path", path.empty() ? "/" : path);
}
}  // namespace

Result<std::string> canonical_json(const nlohmann::json& value) {
  TRY(check_types(value));
  try {
    // nlohmann's default object is a std::map, so keys come out in byte order; dump()
    // with no indent writes no whitespace and throws on invalid UTF-8.
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception&) {
    return make_error(ErrorKind::Invalid, "json.invalid_utf8", "文字列がUTF-8として正しくありません",
                      "a string is not valid UTF-8");
  }
}

Result<nlohmann::json> parse_canonical_json(std::string_view bytes) {
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Invalid, "json.parse", "JSONとして読めません", "not valid JSON")
        .with("detail", e.what());
  }
  auto again = TRY(canonical_json(value));
  if (again != bytes)
    return make_error(ErrorKind::Invalid, "json.not_canonical", "JSONが正規形ではありません",
                      "JSON is not in canonical form");
  return value;
}

namespace {
Error not_an_object() {
  return make_error(ErrorKind::Invalid, "json.not_an_object", "JSONオブジェクトではありません",
                    "the value is not a JSON object");
}
}  // namespace

Result<CanonicalJson> CanonicalJson::from_object(const nlohmann::json& value) {
  if (!value.is_object()) return not_an_object();
  return CanonicalJson(TRY(canonical_json(value)));
}

Result<CanonicalJson> CanonicalJson::parse_object(std::string_view bytes) {
  auto value = TRY(parse_canonical_json(bytes));
  if (!value.is_object()) return not_an_object();
  return CanonicalJson(std::string(bytes));
}

namespace {

// The length of the valid UTF-8 sequence at text[i], or 0 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const auto in = [&](std::size_t k, unsigned lo, unsigned hi) {
    return k < text.size() && byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned lead = byte(i);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return in(i + 1, 0x80, 0xBF) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned lo = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned hi = lead == 0xED ? 0x9F : 0xBF;
    return in(i + 1, lo, hi) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned lo = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned hi = lead == 0xF4 ? 0x8F : 0xBF;
    return in(i + 1, lo, hi) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

// Appends `text` as a JSON string: '"', '\\' and control characters escaped (\b \f \n \r \t,
// others \u00xx), everything else as it is. False when `text` is not valid UTF-8.
bool append_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    // A run of bytes that need no escaping is copied at once.
    std::size_t run = i;
    while (run < text.size()) {
      const auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++run;
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const auto length = utf8_sequence(text, i);
      if (length == 0) return false;
      out.append(text.data() + i, length);
      i += length;
      continue;
    }
    out.push_back('\\');
    switch (c) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '\b': out.push_back('b'); break;
      case '\f': out.push_back('f'); break;
      case '\n': out.push_back('n'); break;
      case '\r': out.push_back('r'); break;
      case '\t': out.push_back('t'); break;
      default:
        out.append("u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
    ++i;
  }
  out.push_back('"');
  return true;
}

}  // namespace

void CanonicalWriter::fail(const char* problem) {
  if (problem_ == nullptr) problem_ = problem;
}

void CanonicalWriter::before_value() {
  if (levels_.empty()) {
    if (complete_) fail("a second top-level value");
    return;
  }
  auto& level = levels_.back();
  if (level.object) {
    if (!level.has_key) fail("an object member without a key");
    level.has_key = false;
    return;
  }
  if (!level.empty) out_.push_back(',');
  level.empty = false;
}

CanonicalWriter& CanonicalWriter::begin_object() {
  before_value();
  out_.push_back('{');
  levels_.emplace_back().object = true;
  return *this;
}

CanonicalWriter& CanonicalWriter::begin_array() {
  before_value();
  out_.push_back('[');
  levels_.emplace_back();
  return *this;
}

CanonicalWriter& CanonicalWriter::end_object() {
  if (levels_.empty() || !levels_.back().object || levels_.back().has_key) {
    fail("end_object without a complete open object");
    return *this;
  }
  out_.push_back('}');
  levels_.pop_back();
  complete_ = levels_.empty();
  return *this;
}

CanonicalWriter& CanonicalWriter::end_array() {
  if (levels_.empty() || levels_.back().object) {
    fail("end_array without an open array");
    return *this;
  }
  out_.push_back(']');
  levels_.pop_back();
  complete_ = levels_.empty();
  return *this;
}

CanonicalWriter& CanonicalWriter::key(std::string_view key) {
  if (levels_.empty() || !levels_.back().object || levels_.back().has_key) {
    fail("a key outside an object, or two keys in a row");
    return *this;
  }
  auto& level = levels_.back();
  // Byte order, as std::map<std::string> sorts (char_traits compares bytes as unsigned).
  if (!level.empty && !(std::string_view(level.last_key) < key)) fail("keys not in byte order, or repeated");
  if (!level.empty) out_.push_back(',');
  level.empty = false;
  level.has_key = true;
  level.last_key.assign(key);
  if (!append_escaped(out_, key)) invalid_utf8_ = true;
  out_.push_back(':');
  return *this;
}

CanonicalWriter& CanonicalWriter::string(std::string_view value) {
  before_value();
  if (!append_escaped(out_, value)) invalid_utf8_ = true;
  complete_ = levels_.empty();
  return *this;
}

CanonicalWriter& CanonicalWriter::digits(std::string_view text) {
  before_value();
  out_.append(text);
  complete_ = levels_.empty();
  return *this;
}

CanonicalWriter& CanonicalWriter::signed_number(std::int64_t value) {
  char text[24];
  return digits({text, std::to_chars(text, text + sizeof text, value).ptr});
}

CanonicalWriter& CanonicalWriter::unsigned_number(std::uint64_t value) {
  char text[24];
  return digits({text, std::to_chars(text, text + sizeof text, value).ptr});
}

Result<std::string> CanonicalWriter::finish() && {
  if (problem_ == nullptr && (!levels_.empty() || !complete_)) problem_ = "an unfinished value";
  if (problem_ != nullptr)
    return make_error(ErrorKind::Invalid, "json.not_canonical", "JSONが正規形ではありません",
                      "JSON is not in canonical form")
        .with("detail", problem_);
  if (invalid_utf8_)
    return make_error(ErrorKind::Invalid, "json.invalid_utf8", "文字列がUTF-8として正しくありません",
                      "a string is not valid UTF-8");
  return std::move(out_);
}

Result<CanonicalJson> CanonicalWriter::finish_object() && {
  const bool object = !out_.empty() && out_.front() == '{';
  auto bytes = TRY(std::move(*this).finish());
  if (!object) return not_an_object();
  return CanonicalJson(std::move(bytes));
}

}  // namespace itaku
