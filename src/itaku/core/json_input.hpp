#pragma once
// Parsing JSON that someone else wrote (API bodies, access-event lines, CLI input files) with
// every bound checked while the text is read, before anything is copied: total size, nesting
// depth, string, array and object sizes, duplicate keys, and characters that have no place in
// a text member (control characters, bidirectional overrides). A text that breaks a bound is
// an `api.*` Invalid error naming the bound, the limit and where it was hit — never a crash.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "itaku/core/result.hpp"

namespace itaku {

// The bounds of one untrusted JSON text (docs/API.md "Limits").
struct JsonLimits {
  std::size_t max_bytes = std::size_t{1} << 20;  // the whole text
  std::size_t max_depth = 16;                    // nested arrays and objects
  std::size_t max_string_bytes = 16 * 1024;      // one string (keys included), in UTF-8 bytes
  std::size_t max_array_items = 10'000;          // one array
  std::size_t max_object_members = 200;          // one object
};

// The default bounds, which every API body and input file uses.
inline constexpr JsonLimits kJsonInputLimits{};

// Parses `text` within `limits`. Errors (all ErrorKind::Invalid): api.bad_json (not JSON;
// context "offset"), api.too_large, api.too_deep, api.string_too_long, api.array_too_long,
// api.object_too_large (context "limit" and "path"), api.duplicate_key and
// api.bad_characters (context "path").
Result<nlohmann::json> parse_json_input(std::string_view text, const JsonLimits& limits = kJsonInputLimits);

// The first character of `text` that has no place in a text member: a C0 control other than
// tab, line feed and carriage return, DEL, a C1 control, or a bidirectional embedding, override
// or isolate (U+202A–U+202E, U+2066–U+2069), which can make text display in another order than
// it is stored. Returns its byte offset, or npos. `text` is valid UTF-8.
std::size_t find_forbidden_character(std::string_view text);

enum class LineBreaks { Escape, Keep };

// `text` with every forbidden character (see above) and carriage return shown as \u{XXXX} —
// and tab and line feed too unless `line_breaks` is Keep — so that a terminal shows what is
// stored without obeying it (a stored ESC cannot recolour the screen, a stored carriage
// return cannot overwrite a line, a stored line feed cannot forge one). Invalid UTF-8 bytes
// are shown as \x{XX}.
std::string printable(std::string_view text, LineBreaks line_breaks = LineBreaks::Escape);

}  // namespace itaku
