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

std::string_view to_string(BadgeStatus status) {
  switch (status) {
    case BadgeStatus::Issued: return "issued";
    case BadgeStatus::Returned: return "returned";
    case BadgeStatus::Lost: return "lost";
  }
  return "issued";
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
// The member `key` of `object` (an element of `list`, for the error's field) as a string;
// an `optional` one may be absent.
Result<std::string> text(const nlohmann::json& object, const char* list, const char* key, bool optional = false) {
  auto value = string_member(object, key, optional ? Presence::Optional : Presence::Required);
  if (!value) return std::move(value.release_error()).with("field", std::string(list) + key);
  return value;
}

Result<bool> flag(const nlohmann::json& object, const char* list, const char* key) {
  if (!object.contains(key)) return false;
  if (!object[key].is_boolean()) return field_type_error(std::string(list) + key);
  return object[key].get<bool>();
}
}  // namespace

Result<Roster> roster_from_input(const nlohmann::json& value) {
  if (!value.is_object()) return field_type_error("roster");
  Roster roster;
  roster.responsible = TRY(text(value, "", "responsible", true));
  roster.information_manager = TRY(text(value, "", "information_manager", true));
  roster.manager_is_personal_information_officer = TRY(flag(value, "", "manager_is_personal_information_officer"));
  for (const char* list : {"workers", "locations", "access"})
    if (value.contains(list) && !value[list].is_array()) return field_type_error(list);
  for (const auto& w : value.value("workers", nlohmann::json::array())) {
    if (!w.is_object()) return field_type_error("workers");
    // Each member is read into the element one statement at a time: a TRY that returns from
    // inside a braced list would skip destroying what the list had already built.
    RosterWorker worker;
    worker.person = TRY(text(w, "workers.", "person"));
    worker.work = TRY(text(w, "workers.", "work"));
    worker.from = TRY(text(w, "workers.", "from"));
    worker.until = TRY(text(w, "workers.", "until", true));
    roster.workers.push_back(std::move(worker));
  }
  for (const auto& l : value.value("locations", nlohmann::json::array())) {
    if (!l.is_object()) return field_type_error("locations");
    WorkLocation location;
    location.id = TRY(text(l, "locations.", "id"));
    location.name = TRY(text(l, "locations.", "name"));
    location.address = TRY(text(l, "locations.", "address"));
    location.city_premises = TRY(flag(l, "locations.", "city_premises"));
    location.hours = TRY(text(l, "locations.", "hours", true));
    roster.locations.push_back(std::move(location));
  }
  for (const auto& a : value.value("access", nlohmann::json::array())) {
    if (!a.is_object()) return field_type_error("access");
    AssetAccess access;
    access.asset_class = TRY(text(a, "access.", "asset_class"));
    access.person = TRY(text(a, "access.", "person"));
    access.permission = TRY(text(a, "access.", "permission"));
    roster.access.push_back(std::move(access));
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
  auto schema = schema::Codec<Roster>::json_schema();
  flags_as_booleans(schema);
  // What roster_from_input lets people leave out: the people at the top, every list, a
  // worker's end date and a location's hours.
  schema.erase("required");
  for (const auto& [list, member] : {std::pair{"workers", "until"}, std::pair{"locations", "hours"}}) {
    auto& required = schema["properties"][list]["items"]["required"];
    if (required.is_array()) required.erase(std::remove(required.begin(), required.end(), member), required.end());
  }
  return schema;
}

std::optional<schema::Problem> RosterInputCodec::decode(const nlohmann::json& json, Roster& out,
                                                        const std::string& path) {
  auto roster = roster_from_input(json);
  if (roster) {
    out = roster.release_value();
    return std::nullopt;
  }
  // roster_from_input names the member below the roster ("locations.hours"), or the roster
  // itself ("roster") when it is not an object.
  const auto& error = roster.error();
  const auto field = error.context.find("field");
  const auto member_path =
      field == error.context.end() || field->second == "roster" ? path : schema::child_path(path, field->second);
  const auto kind = error.code == "api.field_missing" ? schema::Problem::Kind::Missing : schema::Problem::Kind::Type;
  return schema::Problem{kind, member_path, {}};
}

}  // namespace itaku::domain
