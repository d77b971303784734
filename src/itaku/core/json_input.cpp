#include "itaku/core/json_input.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace itaku {

namespace {

using nlohmann::json;

Error bound_error(std::string code, std::string ja, std::string en, std::size_t limit, std::string path) {
  return make_error(ErrorKind::Invalid, std::move(code), std::move(ja), std::move(en))
      .with("limit", std::to_string(limit))
      .with("path", std::move(path));
}

// Builds the value as nlohmann's own DOM builder does — iteratively, so depth never costs
// stack — and stops at the first bound broken. nlohmann's SAX parser is itself iterative, so
// a text nested 150,000 levels deep stops at the 17th level without using the stack.
class BoundedBuilder {
 public:
  BoundedBuilder(json& root, const JsonLimits& limits) : root_(root), limits_(limits) {}

  bool null() { return add(json(nullptr)) != nullptr; }
  bool boolean(bool value) { return add(json(value)) != nullptr; }
  bool number_integer(json::number_integer_t value) { return add(json(value)) != nullptr; }
  bool number_unsigned(json::number_unsigned_t value) { return add(json(value)) != nullptr; }
  bool number_float(json::number_float_t value, const json::string_t&) { return add(json(value)) != nullptr; }
  bool binary(json::binary_t&) { return fail(bad_json(0)); }  // text JSON has no binary values

  bool string(json::string_t& value) {
    if (!text_allowed(value)) return false;
    return add(json(std::move(value))) != nullptr;
  }

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& key) {
    if (!text_allowed(key)) return false;
    Level& level = stack_.back();
    if (level.value->contains(key)) {
      level.key = std::move(key);
      return fail(make_error(ErrorKind::Invalid, "api.duplicate_key", "同じ項目名が2回以上あります",
                             "a member name appears more than once in one object")
                      .with("path", path()));
    }
    level.key = std::move(key);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
    return fail(bad_json(position));
  }

  Error take_error() { return std::move(error_); }

 private:
  struct Level {
    json* value;
    std::string key;  // the member being read, for objects
  };

  static Error bad_json(std::size_t position) {
    return make_error(ErrorKind::Invalid, "api.bad_json", "JSONとして読めません", "the text is not valid JSON")
        .with("offset", std::to_string(position));
  }

  bool fail(Error error) {
    error_ = std::move(error);
    return false;
  }

  // Where the parser is, as "requests[3].context.x". Every error is found before the value
  // concerned is placed, so the innermost array's position is its size.
  std::string path() const {
    std::string out;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const auto& level = stack_[i];
      if (level.value->is_array()) {
        const bool innermost = i + 1 == stack_.size();
        out += fmt::format("[{}]", innermost ? level.value->size() : level.value->size() - 1);
      } else if (!level.key.empty()) {
        if (!out.empty()) out += '.';
        out += level.key;
      }
    }
    return out;
  }

  bool text_allowed(const std::string& text) {
    if (text.size() > limits_.max_string_bytes)
      return fail(bound_error("api.string_too_long", "文字列が長すぎます", "a string is too long",
                              limits_.max_string_bytes, path()));
    if (find_forbidden_character(text) != std::string::npos)
      return fail(make_error(ErrorKind::Invalid, "api.bad_characters",
                             "制御文字または文字の向きを変える文字は使えません",
                             "control characters and bidirectional overrides are not allowed")
                      .with("path", path()));
    return true;
  }

  // Places `value` where the parser is and returns it, or nullptr when a bound is broken.
  json* add(json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back().value;
    if (parent.is_array()) {
      if (parent.size() >= limits_.max_array_items) {
        fail(bound_error("api.array_too_long", "配列の要素が多すぎます", "an array has too many items",
                         limits_.max_array_items, path()));
        return nullptr;
      }
      parent.push_back(std::move(value));
      return &parent.back();
    }
    if (parent.size() >= limits_.max_object_members) {
      fail(bound_error("api.object_too_large", "オブジェクトの項目が多すぎます", "an object has too many members",
                       limits_.max_object_members, path()));
      return nullptr;
    }
    json& slot = parent[stack_.back().key];
    slot = std::move(value);
    return &slot;
  }

  bool open(json&& empty) {
    if (stack_.size() >= limits_.max_depth)
      return fail(bound_error("api.too_deep", "入れ子が深すぎます", "the value is nested too deeply", limits_.max_depth,
                              path()));
    json* placed = add(std::move(empty));
    if (!placed) return false;
    stack_.push_back(Level{placed, {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  const JsonLimits& limits_;
  std::vector<Level> stack_;
  Error error_;
};

// The code point starting at text[i] and its length in bytes; {0xFFFFFFFF, 1} for a byte that
// does not start a valid sequence.
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t i) {
  constexpr char32_t kInvalid = 0xFFFFFFFF;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1};
  std::size_t length = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    cp = b0 & 0x07;
  } else {
    return {kInvalid, 1};
  }
  if (i + length > text.size()) return {kInvalid, 1};
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {kInvalid, 1};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {kInvalid, 1};
  return {cp, length};
}

bool line_break(char32_t cp) { return cp == '\t' || cp == '\n' || cp == '\r'; }

bool forbidden(char32_t cp) {
  if (cp < 0x20) return !line_break(cp);
  if (cp >= 0x7F && cp <= 0x9F) return true;      // DEL and the C1 controls
  if (cp >= 0x202A && cp <= 0x202E) return true;  // LRE RLE PDF LRO RLO
  return cp >= 0x2066 && cp <= 0x2069;            // LRI RLI FSI PDI
}

}  // namespace

Result<json> parse_json_input(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes)
    return bound_error("api.too_large", "JSONが大きすぎます", "the JSON text is too large", limits.max_bytes, "");
  json root;
  BoundedBuilder builder(root, limits);
  // Without exceptions: a malformed text reaches parse_error, which stops the parser.
  const bool parsed = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true);
  if (!parsed) return builder.take_error();
  return root;
}

std::size_t find_forbidden_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, length] = decode(text, i);
    if (cp != 0xFFFFFFFF && forbidden(cp)) return i;
    i += length;
  }
  return std::string_view::npos;
}

std::string printable(std::string_view text, LineBreaks line_breaks) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, length] = decode(text, i);
    if (cp == 0xFFFFFFFF) {
      out += fmt::format("\\x{{{:02X}}}", static_cast<unsigned char>(text[i]));
    } else if (forbidden(cp) || cp == '\r' || (line_break(cp) && line_breaks == LineBreaks::Escape)) {
      out += fmt::format("\\u{{{:04X}}}", static_cast<std::uint32_t>(cp));
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace itaku
