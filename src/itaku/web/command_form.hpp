#pragma once
// A command's web form, from its declaration (domain/commands.hpp): each member a field with its
// label and help in the page's language, a required mark, the input its format asks for, and
// the error when it concerns that member, written next to it. A submitted form is read back
// into the command by the same names. The API's body, the CLI's options and the OpenAPI schema
// come from the same declaration.

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

// Whether `error` concerns the member `name` (its "field"), so that it is shown next to it.
bool concerns(const Error& error, std::string_view name);
// Whether one of `fields` (form_fields) shows an error: the form's own message then only says
// to look at the fields.
bool any_field_error(const nlohmann::json& fields);

// The fields of C's form. `sent` is what was submitted (empty for a new form); `error` the
// refusal of the last submission, if any.
template <class C>
nlohmann::json form_fields(http::Language language, const std::map<std::string, std::string>& sent, const Error* error,
                           const FormShape& shape) {
  auto fields = nlohmann::json::array();
  auto add = [&](const auto& m) {
    using M = std::remove_cvref_t<decltype(std::declval<C&>().*(m.pointer))>;
    if constexpr (std::is_same_v<M, std::string>) {
      for (const auto page_set : shape.set_by_page)
        if (page_set == m.name) return;
      const std::string name(m.name);
      auto value = sent.find(name);
      auto preselected = shape.preselected.find(m.name);
      const std::string text = value != sent.end()                      ? value->second
                               : preselected != shape.preselected.end() ? preselected->second
                                                                        : std::string();
      fields.push_back(form_field(language, m.name, m.doc, m.required(), text, error, shape));
    }
  };
  std::apply([&](const auto&... m) { (add(m), ...); }, C::members());
  return fields;
}

// The command from a submitted form: each text member from the field of its name, and the
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
    }
  };
  std::apply([&](const auto&... m) { (read(m), ...); }, C::members());
  return command;
}

}  // namespace itaku::web
