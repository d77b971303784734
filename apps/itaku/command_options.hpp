#pragma once
// A command's options on the command line, from its declaration (domain/commands.hpp): each
// member is an option --member-name (underscores as hyphens) or a positional argument, its
// description is the member's label and help in both languages, and it is required when the
// declaration says so. The same declaration makes the API's body and the OpenAPI schema.

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli_support.hpp"
#include "itaku/core/assert.hpp"
#include "itaku/core/schema.hpp"

namespace itaku::cli {

struct CommandShape {
  // Members read as positional arguments, in order ("contract" → CONTRACT).
  std::vector<std::string_view> positional = {};
  // Members the command line does not give: set by the caller (the person acting, a file's
  // contents) before the command runs.
  std::vector<std::string_view> set_by_caller = {};
  // Members that may be left out here although the command needs them: the caller fills them
  // in (a default such as "now").
  std::vector<std::string_view> defaulted = {};
  // Other names an option also answers to: {"organisation", "org"} makes --org mean --organisation.
  std::vector<std::pair<std::string_view, std::string_view>> aliases = {};
};

namespace detail {

inline bool listed(const std::vector<std::string_view>& names, std::string_view name) {
  return std::ranges::find(names, name) != names.end();
}

// 氏名 / Name — help in Japanese / help in English
inline std::string describe(const schema::Doc& doc) {
  std::string text = std::string(doc.label.ja) + " / " + std::string(doc.label.en);
  if (!doc.help.empty()) text += " — " + std::string(doc.help.ja) + " / " + std::string(doc.help.en);
  return text;
}

template <class M>
constexpr bool kOnTheCommandLine = std::is_same_v<M, std::string> || std::is_same_v<M, std::vector<std::string>> ||
                                   (std::is_integral_v<M> && !std::is_same_v<M, bool>);

}  // namespace detail

// Adds the members of `command` to `app`. A member of a type the command line cannot hold (a
// roster, an asset class) must be listed in set_by_caller.
template <class C>
void add_command_options(CLI::App* app, C& command, const CommandShape& shape = {}) {
  auto add = [&](const auto& m) {
    const std::string_view name = m.name;
    if (detail::listed(shape.set_by_caller, name)) return;
    using M = std::remove_cvref_t<decltype(command.*(m.pointer))>;
    if constexpr (!detail::kOnTheCommandLine<M>) {
      ITAKU_CHECK((detail::kOnTheCommandLine<M>));  // such a member belongs in set_by_caller
    } else {
      std::string names;
      if (detail::listed(shape.positional, name)) {
        names = std::string(name);
        for (auto& c : names) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      } else {
        names = "--" + std::string(name);
        std::ranges::replace(names, '_', '-');
        for (const auto& [member, alias] : shape.aliases)
          if (member == name) names += ",--" + std::string(alias);
      }
      auto* option = app->add_option(names, command.*(m.pointer), detail::describe(m.doc));
      if constexpr (std::is_same_v<M, std::vector<std::string>>) option->delimiter(',');
      if (m.required() && !detail::listed(shape.defaulted, name)) option->required();
    }
  };
  std::apply([&](const auto&... m) { (add(m), ...); }, C::members());
}

// The subcommand `name` of `parent` that records one command: its options from the command's
// declaration, then, when chosen, `complete` fills in what the command line does not give and
// the command runs as principal_of(options).
template <class C>
CLI::App* add_recorded_command(CLI::App* parent, const std::string& name, const std::string& description,
                               const CommandShape& shape, GlobalOptions& options, Action& action,
                               std::function<Result<void>(Instance&, C&)> complete = {}) {
  auto command = std::make_shared<C>();
  auto* app = parent->add_subcommand(name, description);
  add_command_options(app, *command, shape);
  on_instance(app, options, action, [command, complete, global = &options](Instance& instance) -> Result<void> {
    if (complete) TRY(complete(instance, *command));
    return record(instance, *global, *command);
  });
  return app;
}

}  // namespace itaku::cli
