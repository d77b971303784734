#include "itaku/core/canonical_json.hpp"

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

}  // namespace itaku
