#include "itaku/web/command_form.hpp"

#include <algorithm>

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

namespace {

// What every field says whatever its input: label, help, required mark, the error when it
// concerns this member, and the ids that tie help and error to the input.
nlohmann::json field_frame(bool english, std::string_view name, const schema::Doc& doc, bool required,
                           const Error* error) {
  const std::string id = "field-" + std::string(name);
  // Every key is set, so that a template never reads a key of the same name from the page
  // around the field (mustache looks outwards for a key a field lacks).
  nlohmann::json field = {{"name", name},
                          {"id", id},
                          {"label", english ? doc.label.en : doc.label.ja},
                          {"help", english ? doc.help.en : doc.help.ja},
                          {"required", required},
                          {"select", false},
                          {"textarea", false},
                          {"lines", false},
                          {"type", ""},
                          {"checklist", false},
                          {"checkbox", false},
                          {"checked", false},
                          {"checks", nlohmann::json::array()},
                          {"options", nlohmann::json::array()}};
  const bool invalid = error != nullptr && concerns(*error, name);
  field["error"] = invalid ? (english ? error->message : error->message_ja) : std::string();
  std::string described_by;
  if (!(english ? doc.help.en : doc.help.ja).empty()) described_by = id + "-help";
  if (invalid) described_by += (described_by.empty() ? "" : " ") + id + "-error";
  field["described_by"] = described_by;
  return field;
}

}  // namespace

nlohmann::json form_field(http::Language language, std::string_view name, const schema::Doc& doc, bool required,
                          const std::string& value, const Error* error, const FormShape& shape) {
  auto field = field_frame(language == http::Language::En, name, doc, required, error);
  field["value"] = value;
  field["maxlength"] = doc.max_length > 0 ? std::to_string(doc.max_length) : std::string();
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
  return field;
}

nlohmann::json form_checks(http::Language language, std::string_view name, const schema::Doc& doc, bool required,
                           const std::vector<std::string>& chosen, const Error* error, const FormShape& shape) {
  auto field = field_frame(language == http::Language::En, name, doc, required, error);
  field["value"] = "";
  field["maxlength"] = "";
  auto checks = nlohmann::json::array();
  if (const auto choices = shape.choices.find(name); choices != shape.choices.end())
    for (const auto& choice : choices->second) {
      const auto value = choice.value("value", std::string());
      checks.push_back({{"id", field["id"].get<std::string>() + "-" + value},
                        {"name", std::string(name) + "." + value},
                        {"label", choice.value("label", value)},
                        {"checked", std::ranges::find(chosen, value) != chosen.end()}});
    }
  field["checklist"] = true;
  field["checks"] = std::move(checks);
  return field;
}

nlohmann::json form_checkbox(http::Language language, std::string_view name, const schema::Doc& doc, bool checked,
                             const Error* error) {
  auto field = field_frame(language == http::Language::En, name, doc, false, error);
  field["value"] = "yes";
  field["maxlength"] = "";
  field["checkbox"] = true;
  field["checked"] = checked;
  return field;
}

nlohmann::json form_lines(http::Language language, std::string_view name, const schema::Doc& doc, bool required,
                          const std::string& value, const Error* error) {
  auto field = form_field(language, name, doc, required, value, error, {});
  field["textarea"] = true;
  field["lines"] = true;
  field["type"] = "";
  return field;
}

nlohmann::json form_number(http::Language language, std::string_view name, const schema::Doc& doc, bool required,
                           const std::string& value, const Error* error) {
  auto field = form_field(language, name, doc, required, value, error, {});
  field["type"] = "number";
  return field;
}

std::vector<std::string> line_values(std::string_view text) {
  std::vector<std::string> lines;
  constexpr std::string_view kBlank = " \t\r\f\v";
  while (!text.empty()) {
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const auto first = line.find_first_not_of(kBlank);
    if (first == std::string_view::npos) continue;
    line = line.substr(first, line.find_last_not_of(kBlank) - first + 1);
    lines.emplace_back(line);
  }
  return lines;
}

void own_field_ids(nlohmann::json& fields, const std::string& form) {
  const auto own = [&](nlohmann::json& value) {
    if (!value.is_string()) return;
    auto text = value.get<std::string>();
    for (auto at = text.find("field-"); at != std::string::npos; at = text.find("field-", at + form.size() + 7))
      text.insert(at + 6, form + "-");
    value = text;
  };
  for (auto& field : fields) {
    for (const char* key : {"id", "described_by"})
      if (field.contains(key)) own(field[key]);
    if (field.contains("checks"))
      for (auto& check : field["checks"]) own(check["id"]);
  }
}

std::vector<std::string> checked_values(const std::map<std::string, std::string>& form, std::string_view name) {
  std::vector<std::string> values;
  const std::string prefix = std::string(name) + ".";
  for (auto it = form.lower_bound(prefix); it != form.end() && it->first.starts_with(prefix); ++it)
    if (it->second == "yes" && it->first.size() > prefix.size()) values.push_back(it->first.substr(prefix.size()));
  return values;
}

}  // namespace itaku::web
