#include "itaku/web/command_form.hpp"

namespace itaku::web {

bool concerns(const Error& error, std::string_view name) {
  const auto field = error.context.find("field");
  return field != error.context.end() && field->second == name;
}

bool any_field_error(const nlohmann::json& fields) {
  for (const auto& field : fields)
    if (!field.value("error", std::string()).empty()) return true;
  return false;
}

nlohmann::json form_field(http::Language language, std::string_view name, const schema::Doc& doc, bool required,
                          const std::string& value, const Error* error, const FormShape& shape) {
  const bool english = language == http::Language::En;
  const std::string id = "field-" + std::string(name);
  nlohmann::json field = {{"name", name},
                          {"id", id},
                          {"label", english ? doc.label.en : doc.label.ja},
                          {"help", english ? doc.help.en : doc.help.ja},
                          {"required", required},
                          {"value", value},
                          {"maxlength", doc.max_length > 0 ? std::to_string(doc.max_length) : std::string()}};
  // Every key is set, so that a template never reads a key of the same name from the page
  // around the field (mustache looks outwards for a key a field lacks).
  const auto choices = shape.choices.find(name);
  const bool select = choices != shape.choices.end();
  const bool textarea = !select && doc.format == schema::Format::Multiline;
  field["select"] = select;
  field["textarea"] = textarea;
  field["type"] = select || textarea                    ? ""
                  : doc.format == schema::Format::Date  ? "date"
                  : doc.format == schema::Format::Email ? "email"
                                                        : "text";
  auto options = select ? choices->second : nlohmann::json::array();
  for (auto& option : options) option["selected"] = option.value("value", "") == value;
  field["options"] = std::move(options);
  const bool invalid = error != nullptr && concerns(*error, name);
  field["error"] = invalid ? (english ? error->message : error->message_ja) : std::string();
  std::string described_by;
  if (!(english ? doc.help.en : doc.help.ja).empty()) described_by = id + "-help";
  if (invalid) described_by += (described_by.empty() ? "" : " ") + id + "-error";
  field["described_by"] = described_by;
  return field;
}

}  // namespace itaku::web
