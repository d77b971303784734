#include "itaku/core/json_member.hpp"

namespace itaku {

Error field_type_error(std::string field) {
  return make_error(ErrorKind::Invalid, "api.field_type", "項目の型が正しくありません", "a field has the wrong type")
      .with("field", std::move(field));
}

Result<std::string> string_member(const nlohmann::json& object, const char* key, Presence presence) {
  if (!object.is_object() || !object.contains(key)) {
    if (presence == Presence::Optional) return std::string();
    return make_error(ErrorKind::Invalid, "api.field_missing", "必須の項目がありません", "a required field is missing")
        .with("field", key);
  }
  if (!object[key].is_string()) return field_type_error(key);
  return object[key].get<std::string>();
}

}  // namespace itaku
