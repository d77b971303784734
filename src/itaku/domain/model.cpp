#include "itaku/domain/model.hpp"

#include <algorithm>

#include "itaku/core/json_member.hpp"

namespace itaku::domain {

std::string_view to_string(OrganisationKind kind) {
  switch (kind) {
    case OrganisationKind::City: return "city";
    case OrganisationKind::Contractor: return "contractor";
    case OrganisationKind::Subcontractor: return "subcontractor";
  }
  return "contractor";
}

std::optional<OrganisationKind> organisation_kind(std::string_view text) {
  if (text == "city") return OrganisationKind::City;
  if (text == "contractor") return OrganisationKind::Contractor;
  if (text == "subcontractor") return OrganisationKind::Subcontractor;
  return std::nullopt;
}

std::string_view to_string(TokenScope scope) {
  switch (scope) {
    case TokenScope::Read: return "read";
    case TokenScope::Decide: return "decide";
    case TokenScope::AccessReport: return "access_report";
  }
  return "read";
}

std::optional<TokenScope> token_scope(std::string_view text) {
  if (text == "read") return TokenScope::Read;
  if (text == "decide") return TokenScope::Decide;
  if (text == "access_report") return TokenScope::AccessReport;
  return std::nullopt;
}

std::set<TokenScope> default_token_scopes() { return {TokenScope::Decide, TokenScope::AccessReport}; }

std::string_view to_string(DepartureReason reason) {
  return reason == DepartureReason::Transferred ? "transferred" : "left";
}

std::optional<DepartureReason> departure_reason(std::string_view text) {
  if (text == "transferred") return DepartureReason::Transferred;
  if (text == "left") return DepartureReason::Left;
  return std::nullopt;
}

int last_acknowledged(const std::vector<RosterVersion>& versions, int before) {
  for (int n = std::min(before, static_cast<int>(versions.size()) + 1) - 1; n >= 1; --n)
    if (versions[n - 1].acknowledged_by) return n;
  return 0;
}

std::string_view to_string(BadgeStatus status) {
  switch (status) {
    case BadgeStatus::Issued: return "issued";
    case BadgeStatus::Returned: return "returned";
    case BadgeStatus::Lost: return "lost";
  }
  return "issued";
}

std::string_view to_string(ApprovalOutcome outcome) {
  return outcome == ApprovalOutcome::Refused ? "refused" : "approved";
}

std::optional<ApprovalOutcome> approval_outcome(std::string_view text) {
  if (text == "approved") return ApprovalOutcome::Approved;
  if (text == "refused") return ApprovalOutcome::Refused;
  return std::nullopt;
}

std::string_view to_string(ApprovalStatus status) {
  switch (status) {
    case ApprovalStatus::Requested: return "requested";
    case ApprovalStatus::Approved: return "approved";
    case ApprovalStatus::Refused: return "refused";
    case ApprovalStatus::Withdrawn: return "withdrawn";
    case ApprovalStatus::Revoked: return "revoked";
  }
  return "requested";
}

std::string_view to_string(BadgeReturnReason reason) {
  return reason == BadgeReturnReason::Departed ? "departed" : "left_roster";
}

std::optional<BadgeReturnReason> badge_return_reason(std::string_view text) {
  if (text == "left_roster") return BadgeReturnReason::LeftRoster;
  if (text == "departed") return BadgeReturnReason::Departed;
  return std::nullopt;
}

std::string_view to_string(ContractState state) {
  switch (state) {
    case ContractState::Draft: return "draft";
    case ContractState::Active: return "active";
    case ContractState::Closing: return "closing";
    case ContractState::Closed: return "closed";
  }
  return "draft";
}

std::optional<ContractState> contract_state(std::string_view text) {
  if (text == "draft") return ContractState::Draft;
  if (text == "active") return ContractState::Active;
  if (text == "closing") return ContractState::Closing;
  if (text == "closed") return ContractState::Closed;
  return std::nullopt;
}

std::string_view to_string(PartyRole role) {
  switch (role) {
    case PartyRole::City: return "city";
    case PartyRole::Contractor: return "contractor";
    case PartyRole::Subcontractor: return "subcontractor";
  }
  return "contractor";
}

std::string_view party_symbol(PartyRole role) {
  switch (role) {
    case PartyRole::City: return "甲";
    case PartyRole::Contractor: return "乙";
    case PartyRole::Subcontractor: return "丙";
  }
  return "乙";
}

const AssetClass* Contract::asset_class(const std::string& id_or_name) const {
  if (auto it = asset_classes.find(id_or_name); it != asset_classes.end()) return &it->second;
  for (const auto& [id, c] : asset_classes)
    if (c.name == id_or_name) return &c;
  return nullptr;
}

const Party* Contract::party(const std::string& organisation) const {
  for (const auto& p : parties)
    if (p.organisation == organisation) return &p;
  return nullptr;
}
const Party* Contract::city() const {
  for (const auto& p : parties)
    if (p.role == PartyRole::City) return &p;
  return nullptr;
}
const Party* Contract::contractor() const {
  for (const auto& p : parties)
    if (p.role == PartyRole::Contractor) return &p;
  return nullptr;
}

bool Contract::acknowledges_current(const ProvisionsAcknowledgement& acknowledgement) const {
  const auto& p = acknowledgement.provisions;
  const std::uint64_t amended = amendments.empty() ? 0 : amendments.back().ledger_index;
  return p.name == provisions.name && p.version == provisions.version && p.hash == provisions.hash &&
         acknowledgement.ledger_index > amended;
}

// The roster's own declaration (Roster::members) writes it: the bytes events have always held.
nlohmann::json to_json(const Roster& roster) { return schema::encode(roster); }

std::optional<WorkHours> parse_work_hours(std::string_view text) {
  // HH:MM-HH:MM, exactly.
  if (text.size() != 11 || text[2] != ':' || text[5] != '-' || text[8] != ':') return std::nullopt;
  auto minutes = [&](std::size_t at) -> int {
    for (std::size_t i : {at, at + 1, at + 3, at + 4})
      if (text[i] < '0' || text[i] > '9') return -1;
    const int hour = (text[at] - '0') * 10 + (text[at + 1] - '0');
    const int minute = (text[at + 3] - '0') * 10 + (text[at + 4] - '0');
    if (minute > 59 || hour > 24 || (hour == 24 && minute != 0)) return -1;
    return hour * 60 + minute;
  };
  const int from = minutes(0);
  const int until = minutes(6);
  if (from < 0 || until < 0 || from >= until) return std::nullopt;
  return WorkHours{from, until};
}

std::string to_string(const WorkHours& hours) {
  auto two = [](int n) { return std::string{static_cast<char>('0' + n / 10 % 10), static_cast<char>('0' + n % 10)}; };
  return two(hours.from / 60) + ":" + two(hours.from % 60) + "-" + two(hours.until / 60) + ":" + two(hours.until % 60);
}

namespace {
// What people may leave out of a roster besides its flags: the people at the top, every list,
// a worker's end date and a location's hours. `list` is the list the member's object is an
// element of ("" for the roster itself). The input's schema and its reading both follow it.
bool may_leave_out(std::string_view list, std::string_view member) {
  if (list.empty())
    return member == "responsible" || member == "information_manager" || member == "workers" || member == "locations" ||
           member == "access";
  return (list == "workers" && member == "until") || (list == "locations" && member == "hours");
}

bool is_flag(const nlohmann::json& member_schema) {
  return member_schema.value("enum", nlohmann::json()) == nlohmann::json({"yes", "no"});
}

// The roster's declaration as events hold it: what the input is read through.
const nlohmann::json& event_schema() {
  static const auto kSchema = schema::Codec<Roster>::json_schema();
  return kSchema;
}

// Puts `value` (the object at `path`, an element of `list`, described by the events' `schema`)
// in the events' form: a flag sent as a JSON boolean becomes "yes"/"no" ("no" when left out),
// and a member people may leave out is filled in empty. Whatever else is wrong is left for the
// declaration's reading to name.
std::optional<schema::Problem> to_event_form(nlohmann::json& value, const nlohmann::json& schema, std::string_view list,
                                             const std::string& path) {
  if (!value.is_object()) return std::nullopt;
  for (const auto& [name, member] : schema.at("properties").items()) {
    const auto member_path = schema::child_path(path, name);
    const auto found = value.find(name);
    if (is_flag(member)) {
      if (found == value.end())
        value[name] = "no";
      else if (found->is_boolean())
        *found = found->get<bool>() ? "yes" : "no";
      else
        return schema::wrong_type(member_path);
    } else if (found == value.end()) {
      if (may_leave_out(list, name))
        value[name] = member.value("type", "") == "array" ? nlohmann::json::array() : nlohmann::json("");
    } else if (found->is_array() && member.contains("items") && member["items"].contains("properties")) {
      for (std::size_t i = 0; i < found->size(); ++i)
        if (auto problem = to_event_form((*found)[i], member["items"], name, member_path + "." + std::to_string(i)))
          return problem;
    }
  }
  return std::nullopt;
}
}  // namespace

Result<Roster> roster_from_input(const nlohmann::json& value) {
  Roster roster;
  if (auto problem = RosterInputCodec::decode(value, roster, "")) {
    const auto field = problem->path.empty() ? std::string("roster") : problem->path;
    if (problem->kind == schema::Problem::Kind::Missing)
      return make_error(ErrorKind::Invalid, "api.field_missing", "必須の項目がありません",
                        "a required field is missing")
          .with("field", field);
    return field_type_error(field);
  }
  return roster;
}

nlohmann::json roster_to_input(const Roster& roster) {
  auto value = to_json(roster);
  value["manager_is_personal_information_officer"] = roster.manager_is_personal_information_officer;
  auto& locations = value["locations"];
  for (std::size_t i = 0; i < roster.locations.size(); ++i) {
    locations[i]["city_premises"] = roster.locations[i].city_premises;
    locations[i]["hours"] = roster.locations[i].hours;
  }
  return value;
}

namespace {
// Flags written "yes" / "no" in events are JSON booleans, and optional, in what people send.
void flags_as_booleans(nlohmann::json& schema) {
  if (!schema.is_object()) return;
  if (schema.contains("properties")) {
    auto& required = schema["required"];
    for (auto& [name, member] : schema["properties"].items()) {
      if (member.value("enum", nlohmann::json()) == nlohmann::json({"yes", "no"})) {
        member.erase("enum");
        member["type"] = "boolean";
        if (required.is_array()) required.erase(std::remove(required.begin(), required.end(), name), required.end());
      }
      flags_as_booleans(member);
    }
    if (required.is_array() && required.empty()) schema.erase("required");
  }
  if (schema.contains("items")) flags_as_booleans(schema["items"]);
}
}  // namespace

nlohmann::json RosterInputCodec::json_schema() {
  auto schema = event_schema();
  flags_as_booleans(schema);
  // What people may leave out (may_leave_out) is not required.
  auto optional = [](nlohmann::json& object, std::string_view list) {
    auto& required = object["required"];
    if (!required.is_array()) return;
    required.erase(
        std::remove_if(required.begin(), required.end(),
                       [&](const nlohmann::json& name) { return may_leave_out(list, name.get<std::string>()); }),
        required.end());
    if (required.empty()) object.erase("required");
  };
  optional(schema, "");
  for (const auto* list : {"workers", "locations"}) optional(schema["properties"][list]["items"], list);
  return schema;
}

std::optional<schema::Problem> RosterInputCodec::decode(const nlohmann::json& json, Roster& out,
                                                        const std::string& path) {
  if (!json.is_object()) return schema::wrong_type(path);
  auto events_form = json;
  if (auto problem = to_event_form(events_form, event_schema(), "", path)) return problem;
  return schema::Codec<Roster>::decode(events_form, out, path);
}

}  // namespace itaku::domain
