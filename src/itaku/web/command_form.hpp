#pragma once
// A command's web form, from its declaration (domain/commands.hpp): each member a field with its
// label and help in the page's language, a required mark, the input its format asks for, and
// the error when it concerns that member, written next to it. A submitted form is read back
// into the command by the same names. The API's body, the CLI's options and the OpenAPI schema
// come from the same declaration.

#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/core/error.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/http/message.hpp"

namespace itaku::web {

struct FormShape {
  // Members the page sets itself (the contract from the URL, the person acting): no field.
  std::vector<std::string_view> set_by_page = {};
  // The choices of a member shown as a list ({value, label}, in the page's language); the
  // value sent (or `preselected`) is selected.
  std::map<std::string, nlohmann::json, std::less<>> choices = {};
  // Values a new form starts with.
  std::map<std::string, std::string, std::less<>> preselected = {};
};

// One field for the template partial _field.mustache.
nlohmann::json form_field(http::Language language, std::string_view name, const schema::Doc& doc, bool required,
                          const std::string& value, const Error* error, const FormShape& shape);
// A list member's field: a check box per choice of `shape` ("<name>.<value>" sent as "yes"),
// those in `chosen` checked.
nlohmann::json form_checks(http::Language language, std::string_view name, const schema::Doc& doc, bool required,
                           const std::vector<std::string>& chosen, const Error* error, const FormShape& shape);
// The values of a list member as its check boxes send them: "<name>.<value>" = "yes".
std::vector<std::string> checked_values(const std::map<std::string, std::string>& form, std::string_view name);
// A flag's field: one check box, sent as "yes" when checked.
nlohmann::json form_checkbox(http::Language language, std::string_view name, const schema::Doc& doc, bool checked,
                             const Error* error);
// A list member the page offers no choices for (the measures taken, the devices used): a text
// area, one item a line.
nlohmann::json form_lines(http::Language language, std::string_view name, const schema::Doc& doc, bool required,
                          const std::string& value, const Error* error);
// A whole number's field.
nlohmann::json form_number(http::Language language, std::string_view name, const schema::Doc& doc, bool required,
                           const std::string& value, const Error* error);
// The items of a text area of lines (form_lines): each line without its surrounding blanks,
// empty lines left out.
std::vector<std::string> line_values(std::string_view text);
// The ids of `fields` (form_fields) made the form's own ("field-<form>-<member>"), for a page
// with several forms that name the same members.
void own_field_ids(nlohmann::json& fields, const std::string& form);

// Whether `error` concerns the member `name` (its "field"), so that it is shown next to it.
bool concerns(const Error& error, std::string_view name);
// Whether one of `fields` (form_fields) shows an error: the form's own message then only says
// to look at the fields.
bool any_field_error(const nlohmann::json& fields);

// The fields of C's form: a text member is an input (a list when `shape` offers choices), a
// list of texts a check box per choice (a text area of lines when `shape` offers none), a
// whole number a number input, a flag a check box; other members (a map, a nested struct, an
// enumeration) are drawn by the page. `sent` is what was submitted, or the values of what is being
// changed (form_values); `error` the refusal of the last submission, if any.
template <class C>
nlohmann::json form_fields(http::Language language, const std::map<std::string, std::string>& sent, const Error* error,
                           const FormShape& shape) {
  auto fields = nlohmann::json::array();
  auto add = [&](const auto& m) {
    using M = std::remove_cvref_t<decltype(std::declval<C&>().*(m.pointer))>;
    for (const auto page_set : shape.set_by_page)
      if (page_set == m.name) return;
    const auto sent_value = [&]() -> const std::string* {
      const auto value = sent.find(std::string(m.name));
      if (value != sent.end()) return &value->second;
      const auto preselected = shape.preselected.find(m.name);
      return preselected != shape.preselected.end() ? &preselected->second : nullptr;
    };
    if constexpr (std::is_same_v<M, std::vector<std::string>>) {
      if (shape.choices.contains(m.name)) {
        fields.push_back(
            form_checks(language, m.name, m.doc, m.required(), checked_values(sent, m.name), error, shape));
      } else {
        const auto* value = sent_value();
        fields.push_back(form_lines(language, m.name, m.doc, m.required(), value ? *value : std::string(), error));
      }
    } else if constexpr (std::is_same_v<M, std::int64_t>) {
      const auto* value = sent_value();
      fields.push_back(form_number(language, m.name, m.doc, m.required(), value ? *value : std::string(), error));
    } else if constexpr (std::is_same_v<M, bool>) {
      const auto* value = sent_value();
      fields.push_back(form_checkbox(language, m.name, m.doc, value != nullptr && *value == "yes", error));
    } else if constexpr (std::is_same_v<M, std::string>) {
      const auto* value = sent_value();
      fields.push_back(form_field(language, m.name, m.doc, m.required(), value ? *value : std::string(), error, shape));
    }
  };
  std::apply([&](const auto&... m) { (add(m), ...); }, C::members());
  return fields;
}

// What `value`'s form sends for it: the fields form_fields draws, filled in.
template <class C>
std::map<std::string, std::string> form_values(const C& value) {
  std::map<std::string, std::string> form;
  auto write = [&](const auto& m) {
    const auto& field = value.*(m.pointer);
    using M = std::remove_cvref_t<decltype(field)>;
    if constexpr (std::is_same_v<M, std::string>)
      form[std::string(m.name)] = field;
    else if constexpr (std::is_same_v<M, bool>)
      form[std::string(m.name)] = field ? "yes" : "no";
    else if constexpr (std::is_same_v<M, std::int64_t>)
      form[std::string(m.name)] = std::to_string(field);
    else if constexpr (std::is_same_v<M, std::vector<std::string>>)
      for (const auto& item : field) form[std::string(m.name) + "." + item] = "yes";
  };
  std::apply([&](const auto&... m) { (write(m), ...); }, C::members());
  return form;
}

// Sets the member of `value` named `name` from a form's text (a text as given, a flag from
// "yes"); false when T declares no text or flag of that name.
template <class T>
bool set_member_from_form(T& value, std::string_view name, const std::string& text) {
  bool set = false;
  auto read = [&](const auto& m) {
    if (set || m.name != name) return;
    auto& field = value.*(m.pointer);
    using M = std::remove_cvref_t<decltype(field)>;
    if constexpr (std::is_same_v<M, std::string>) {
      field = text;
      set = true;
    } else if constexpr (std::is_same_v<M, bool>) {
      field = text == "yes";
      set = true;
    }
  };
  std::apply([&](const auto&... m) { (read(m), ...); }, T::members());
  return set;
}

// The texts and flags of `value` for a template, by member name (flags as booleans).
template <class T>
nlohmann::json template_values(const T& value) {
  auto out = nlohmann::json::object();
  auto write = [&](const auto& m) {
    const auto& field = value.*(m.pointer);
    using M = std::remove_cvref_t<decltype(field)>;
    if constexpr (std::is_same_v<M, std::string> || std::is_same_v<M, bool>) out[std::string(m.name)] = field;
  };
  std::apply([&](const auto&... m) { (write(m), ...); }, T::members());
  return out;
}

// Each member's label in the page's language, by member name: a table's column headers.
template <class T>
nlohmann::json member_labels(http::Language language) {
  auto out = nlohmann::json::object();
  std::apply(
      [&](const auto&... m) {
        ((out[std::string(m.name)] = std::string(language == http::Language::En ? m.doc.label.en : m.doc.label.ja)),
         ...);
      },
      T::members());
  return out;
}

// The command from a submitted form: each text member from the field of its name, each list of
// texts from its check boxes or the lines of its text area, a whole number from its field (left
// as declared when empty or not a number: the command's rule then says what it needs), and the
// members the page sets from `from_page`.
template <class C>
C command_from_form(const std::map<std::string, std::string>& form,
                    std::initializer_list<std::pair<std::string_view, std::string>> from_page) {
  C command{};
  auto read = [&](const auto& m) {
    auto& field = command.*(m.pointer);
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(field)>, std::string>) {
      for (const auto& [name, value] : from_page)
        if (name == m.name) {
          field = value;
          return;
        }
      const auto sent = form.find(std::string(m.name));
      if (sent != form.end()) field = sent->second;
    } else if constexpr (std::is_same_v<std::remove_cvref_t<decltype(field)>, std::vector<std::string>>) {
      field = checked_values(form, m.name);
      if (const auto lines = form.find(std::string(m.name)); lines != form.end())
        for (auto& line : line_values(lines->second)) field.push_back(std::move(line));
    } else if constexpr (std::is_same_v<std::remove_cvref_t<decltype(field)>, std::int64_t>) {
      const auto sent = form.find(std::string(m.name));
      if (sent == form.end()) return;
      const auto& text = sent->second;
      std::int64_t value = 0;
      const auto [end, failed] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (!text.empty() && failed == std::errc() && end == text.data() + text.size()) field = value;
    } else if constexpr (std::is_same_v<std::remove_cvref_t<decltype(field)>, bool>) {
      const auto sent = form.find(std::string(m.name));
      field = sent != form.end() && sent->second == "yes";
    }
  };
  std::apply([&](const auto&... m) { (read(m), ...); }, C::members());
  return command;
}

}  // namespace itaku::web
