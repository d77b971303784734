#pragma once
// The fixed vocabulary of controls a provision set may require. Each control is implemented
// in C++ (evaluated from recorded facts by the compliance module, and some also enforced by the
// decision path), so a city adds provisions without code, as long as its clauses map to these
// controls. A control's parameters carry what cities write beyond the control itself: a
// validity, a deadline, a due day, a scope (docs/PROVISIONS.md, "Control vocabulary").

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace itaku::provisions {

// What a parameter's value is written as; lint checks the value against it.
enum class ParameterType {
  Choice,    // one of `allowed`
  Text,      // any non-empty text
  Duration,  // an ISO 8601 duration: "P1Y", "P6M", "P2W", "P14D", "PT24H"
  Deadline,  // "immediately" or a Duration
  DueDay,    // "end_of_month", "end_of_following_month", or a Duration after the period ends
  Clauses,   // "all" or clause numbers of the same set separated by commas: "第3,第4"
};
std::string_view to_string(ParameterType type);  // "choice", "text", "duration", …

struct ParameterDefinition {
  std::string_view name;
  ParameterType type = ParameterType::Text;
  // Choice: the allowed values.
  std::span<const std::string_view> allowed;
  bool required = false;
  // The value used when the set does not give one; empty when there is none.
  std::string_view default_value;
  std::string_view summary_ja;
  std::string_view summary_en;
};

// How the system keeps a control.
enum class ControlKind {
  Enforced,     // the decision path refuses an action that would break it, and it is evaluated
  Evaluated,    // evaluated from recorded facts (met, due, violated, …)
  Manual,       // recorded but not enforceable: a person has to check it (status manual_check)
  Declaratory,  // asks for no fact (趣旨): not applicable
};
std::string_view to_string(ControlKind kind);  // "enforced", "evaluated", "manual", "declaratory"
std::string_view label_ja(ControlKind kind);   // 判定で強制, 記録から評価, 人が確認, 宣言のみ

struct ControlDefinition {
  std::string_view id;          // "approval.required"
  std::string_view capability;  // the row of the clause map in DESIGN.md it serves
  ControlKind kind = ControlKind::Evaluated;
  std::string_view summary_ja;
  std::string_view summary_en;
  std::span<const ParameterDefinition> parameters;
};

std::span<const ControlDefinition> vocabulary();
// A capability (a row of the clause map, as ControlDefinition::capability names it) in Japanese.
std::string_view capability_ja(std::string_view capability);
const ControlDefinition* find_control(std::string_view id);
// The vocabulary's id nearest to a mistyped one ("roster.notifed" → "roster.notified"), or
// empty when none is near enough to be meant.
std::string_view nearest_control(std::string_view id);
// The candidate nearest to a mistyped word (by edit distance), or empty when none is near enough
// to be what was meant.
std::string_view nearest(std::string_view word, std::span<const std::string_view> candidates);
// The types of approval approval.required may name ("copy", "take_out", …): the approvals a
// class's conditions may ask for.
std::span<const std::string_view> approval_types();

// A condition of the decision path whose denial cites a clause. A control names the conditions
// it is the citation for with `conditions = [...]`; otherwise the first control of the set among
// `cited_by` is (docs/POLICY.md, "Which clause a denial cites").
struct CitableCondition {
  std::string_view name;  // "location_registered", as class conditions write it where they can
  std::string_view summary_ja;
  std::string_view summary_en;
  std::span<const std::string_view> cited_by;
};
std::span<const CitableCondition> citable_conditions();
const CitableCondition* find_condition(std::string_view name);

// --- parameter values ---

// A length of time as ISO 8601 writes it. Only the designators cities need are accepted: years,
// months, weeks and days, and hours after T.
struct Duration {
  int years = 0, months = 0, days = 0, hours = 0;  // weeks are counted as 7 days
  bool operator==(const Duration&) const = default;
};
// nullopt unless the text is P followed by at least one of nY nM nW nD, then optionally T nH
// (each n at most 4 ASCII digits), in that order.
std::optional<Duration> parse_duration(std::string_view text);
// `date` plus `duration`: years and months on the calendar (the 31st plus a month is the last
// day of a month without one), then days, and hours as whole days started.
std::chrono::year_month_day plus_duration(std::chrono::year_month_day date, const Duration& duration);
// 1年, 6か月, 14日, 24時間 …; 即時 for zero.
std::string to_text_ja(const Duration& duration);
std::string to_text_en(const Duration& duration);  // 1 year, 6 months, 14 days, 24 hours …

inline constexpr std::string_view kImmediately = "immediately";
inline constexpr std::string_view kAllClauses = "all";

// Whether `value` is written as `type` requires (Choice: one of `allowed`).
bool valid_value(const ParameterDefinition& parameter, std::string_view value);

// The value a control's parameter has: the one the set gives, else the vocabulary's default
// (empty when neither). `control` must be in the vocabulary.
template <typename Params>
std::string parameter_value(std::string_view control, const Params& params, std::string_view name);
// A Duration or Deadline parameter as a duration ("immediately" is zero), the default when the
// set gives none; nullopt when neither gives one.
template <typename Params>
std::optional<Duration> duration_parameter(std::string_view control, const Params& params, std::string_view name);

// What a control of a set asks for, in one sentence: the set's own (`summary_ja` / `summary_en`
// of a control that takes them, such as obligation.recorded), else the vocabulary's; empty for a
// control the vocabulary does not have.
template <typename Params>
std::string control_summary(std::string_view control, const Params& params, bool english);

// The definition of a control's parameter, or nullptr.
const ParameterDefinition* find_parameter(std::string_view control, std::string_view name);

template <typename Params>
std::string parameter_value(std::string_view control, const Params& params, std::string_view name) {
  if (auto it = params.find(std::string(name)); it != params.end()) return it->second;
  const auto* definition = find_parameter(control, name);
  return definition == nullptr ? std::string() : std::string(definition->default_value);
}

template <typename Params>
std::string control_summary(std::string_view control, const Params& params, bool english) {
  auto own = parameter_value(control, params, english ? "summary_en" : "summary_ja");
  if (!own.empty()) return own;
  const auto* definition = find_control(control);
  if (definition == nullptr) return {};
  return std::string(english ? definition->summary_en : definition->summary_ja);
}

template <typename Params>
std::optional<Duration> duration_parameter(std::string_view control, const Params& params, std::string_view name) {
  const auto value = parameter_value(control, params, name);
  if (value == kImmediately) return Duration{};
  return parse_duration(value);
}

}  // namespace itaku::provisions
