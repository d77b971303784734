#pragma once
// The fixed vocabulary of controls a provision set may require. Each control is implemented
// in C++ (evaluated from recorded facts by the compliance module), so a city adds provisions
// without code, as long as its clauses map to these controls.

#include <span>
#include <string_view>

namespace itaku::provisions {

struct ParameterDefinition {
  std::string_view name;
  // Allowed values; empty means any non-empty string.
  std::span<const std::string_view> allowed;
  bool required;
};

struct ControlDefinition {
  std::string_view id;          // "approval.required"
  std::string_view capability;  // the row of the clause map in DESIGN.md it serves
  std::string_view summary_ja;
  std::string_view summary_en;
  std::span<const ParameterDefinition> parameters;
};

std::span<const ControlDefinition> vocabulary();
const ControlDefinition* find_control(std::string_view id);
// The types of approval approval.required may name ("copy", "take_out", …): the approvals a
// class's conditions may ask for.
std::span<const std::string_view> approval_types();

}  // namespace itaku::provisions
