#include "itaku/domain/command_types.hpp"

#include <algorithm>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "itaku/core/json_member.hpp"

namespace itaku::domain {

namespace {

// The member of a command written as JSON that holds its name; no command declares a member
// of that name (checked below).
constexpr std::string_view kCommandKey = "command";

constexpr std::size_t kCommandCount = std::variant_size_v<Command>;

template <std::size_t I>
using Alternative = std::variant_alternative_t<I, Command>;

template <class T>
concept DeclaredCommand = requires {
  { T::kName } -> std::convertible_to<std::string_view>;
  T::members();
};

template <class T>
constexpr auto member_names() {
  return std::apply([](const auto&... m) { return std::array<std::string_view, sizeof...(m)>{m.name...}; },
                    T::members());
}

constexpr bool all_distinct(std::span<const std::string_view> names) {
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = i + 1; j < names.size(); ++j)
      if (names[i] == names[j]) return false;
  return true;
}

// How many fields an aggregate has: the most initialisers it can be brace-initialised with.
// Each initialiser converts to any field's type, so no brace elision hides a nested struct's
// fields. Counting them lets the compiler refuse a field added without its member.
struct AnyField {
  template <class F>
  operator F&() const&&;  // never called: used in requires-expressions only
};
template <std::size_t>
using AnyFieldAt = AnyField;

template <class T, std::size_t... I>
constexpr bool initialisable_with(std::index_sequence<I...>) {
  return requires { T{AnyFieldAt<I>{}...}; };
}

template <class T, std::size_t N = 0>
constexpr std::size_t field_count() {
  if constexpr (initialisable_with<T>(std::make_index_sequence<N + 1>{}))
    return field_count<T, N + 1>();
  else
    return N;
}

template <class T>
constexpr bool check_declaration() {
  static_assert(DeclaredCommand<T>, "a command declares kName and members() (commands.hpp)");
  static_assert(std::is_aggregate_v<T>, "commands are aggregates, brace-initialised by their callers");
  constexpr auto kNames = member_names<T>();
  static_assert(kNames.size() == field_count<T>(), "every field of a command is declared in its members()");
  static_assert(all_distinct(kNames), "a command declares each member once");
  static_assert(std::ranges::find(kNames, kCommandKey) == kNames.end(),
                "no command has a member named \"command\": it holds the command's name");
  return true;
}

template <std::size_t... I>
constexpr bool check_declarations(std::index_sequence<I...>) {
  return (check_declaration<Alternative<I>>() && ...);
}
static_assert(check_declarations(std::make_index_sequence<kCommandCount>{}));

template <std::size_t... I>
constexpr std::array<std::string_view, kCommandCount> alternative_names(std::index_sequence<I...>) {
  return {Alternative<I>::kName...};
}
static_assert(all_distinct(alternative_names(std::make_index_sequence<kCommandCount>{})),
              "every command has a name of its own");

template <class T>
Result<Command> decode_as(const nlohmann::json& members) {
  auto command = decode_command<T>(members);
  if (!command) return command.release_error();
  return Command{command.release_value()};
}

template <std::size_t... I>
std::array<CommandTypes::Entry, kCommandCount> make_entries(std::index_sequence<I...>) {
  return {CommandTypes::Entry{Alternative<I>::kName, &decode_as<Alternative<I>>, &command_schema<Alternative<I>>}...};
}

}  // namespace

namespace detail {

Error not_an_object() {
  return make_error(ErrorKind::Invalid, "command.malformed", "コマンドはJSONのオブジェクトです",
                    "a command is a JSON object");
}

Error unknown_member(std::string_view command, const std::string& key) {
  return make_error(ErrorKind::Invalid, "api.field_unknown", "この操作にない項目があります",
                    "the command has no such field")
      .with("field", key)
      .with("command", std::string(command));
}

Error member_problem(const schema::Problem& problem) {
  switch (problem.kind) {
    case schema::Problem::Kind::Missing:
      return make_error(ErrorKind::Invalid, "api.field_missing", "必須の項目がありません",
                        "a required field is missing")
          .with("field", problem.path);
    case schema::Problem::Kind::Type: return field_type_error(problem.path);
    case schema::Problem::Kind::Value: break;
  }
  return make_error(ErrorKind::Invalid, "api.field_invalid", "項目の値が正しくありません",
                    "a field's value is not valid")
      .with("field", problem.path)
      .with("detail", problem.detail);
}

}  // namespace detail

CommandTypes::CommandTypes() : entries_(make_entries(std::make_index_sequence<kCommandCount>{})) {}

const CommandTypes::Entry* CommandTypes::find(std::string_view name) const {
  const auto it = std::ranges::find(entries_, name, &Entry::name);
  return it == entries_.end() ? nullptr : &*it;
}

std::vector<std::string_view> CommandTypes::names() const {
  std::vector<std::string_view> names;
  for (const auto& entry : entries_) names.push_back(entry.name);
  std::ranges::sort(names);
  return names;
}

Result<Command> CommandTypes::decode(const nlohmann::json& object) const {
  if (!object.is_object()) return detail::not_an_object();
  const auto name = TRY(string_member(object, "command"));
  const auto* entry = find(name);
  if (!entry)
    return make_error(ErrorKind::Invalid, "command.unknown", "そのような操作はありません", "no such command")
        .with("command", name);
  return entry->decode(object);
}

const CommandTypes& command_types() {
  static const CommandTypes kTypes;
  return kTypes;
}

std::string_view command_name(const Command& command) {
  return std::visit([](const auto& c) { return std::decay_t<decltype(c)>::kName; }, command);
}

nlohmann::json to_json(const Command& command) {
  return std::visit(
      [](const auto& c) {
        auto json = schema::encode(c);
        json[std::string(kCommandKey)] = std::decay_t<decltype(c)>::kName;
        return json;
      },
      command);
}

}  // namespace itaku::domain
