#include "itaku/core/json_member.hpp"

namespace itaku {

Error field_type_error(std::string field) {
  return make_error(ErrorKind::Invalid, "api.field_type", "項目の型が正しくありません", "a field has the wrong type")
      .with("field", std::move(field));
}

Result<std::string> string_member(const nlohmann::json& object, const char* key, Presence presence) {
  if (!object.is_object() || !object.contains(key)) {
    if (presence != Presence::Required) return std::string();
    return make_error(ErrorKind::Invalid, "api.field_missing", "必須の項目がありません", "a required field is missing")
        .with("field", key);
  }
  if (!object[key].is_string()) return field_type_error(key);
  return object[key].get<std::string>();
}

Result<bool> bool_member(const nlohmann::json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return false;
  if (!object[key].is_boolean()) return field_type_error(key);
  return object[key].get<bool>();
}

Result<std::string> identifier_member(const nlohmann::json& object, const char* key, Presence presence) {
  auto value = TRY(string_member(object, key, presence));
  if (value.size() > kMaxIdentifierBytes)
    return make_error(ErrorKind::Invalid, "api.field_too_long", "項目の値が長すぎます", "a field's value is too long")
        .with("field", key)
        .with("limit", std::to_string(kMaxIdentifierBytes));
  return value;
}

}  // namespace itaku
