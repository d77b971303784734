#include "itaku/web/roster_form.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>

namespace itaku::web {

namespace {

// "worker.3.work" → {3, "work"}; false for anything else.
bool split_field(const std::string& key, std::string_view prefix, int& index, std::string& field) {
  if (!key.starts_with(prefix)) return false;
  std::string_view rest(key);
  rest.remove_prefix(prefix.size());
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  const auto number = rest.substr(0, dot);
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), index);
  if (error != std::errc() || end != number.data() + number.size() || index < 0 || index >= kMaxRosterRows)
    return false;
  field = std::string(rest.substr(dot + 1));
  return true;
}

bool yes(const std::string& value) { return value == "yes" || value == "on" || value == "1"; }

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// The rows under `prefix`: each field a member of the row's declaration, or the form's own
// `fixed` and `remove`.
template <typename Row>
std::vector<Row> rows(const std::map<std::string, std::string>& fields, std::string_view prefix) {
  std::map<int, Row> by_index;
  for (const auto& [key, value] : fields) {
    int index = 0;
    std::string field;
    if (!split_field(key, prefix, index, field)) continue;
    auto& row = by_index[index];
    if (field == "fixed") {
      row.fixed = yes(value);
    } else if (field == "remove") {
      if constexpr (requires { row.remove; }) row.remove = yes(value);
    } else {
      set_member_from_form(row.value, field, trimmed(value));
    }
  }
  std::vector<Row> out;
  out.reserve(by_index.size());
  for (auto& [index, row] : by_index) out.push_back(std::move(row));
  return out;
}

}  // namespace

RosterForm form_from_roster(const domain::Roster& roster, int version) {
  RosterForm form;
  form.responsible = roster.responsible;
  form.information_manager = roster.information_manager;
  form.manager_is_pio = roster.manager_is_personal_information_officer;
  for (const auto& w : roster.workers) form.workers.push_back({w, true});
  for (const auto& l : roster.locations) form.locations.push_back({l, false, true});
  for (const auto& a : roster.access) form.access.push_back({a, false, true});
  form.base_version = version;
  return form;
}

RosterForm parse_roster_form(const std::map<std::string, std::string>& fields) {
  RosterForm form;
  auto field = [&](const char* name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : trimmed(it->second);
  };
  form.responsible = field("responsible");
  form.information_manager = field("information_manager");
  form.manager_is_pio = yes(field("manager_is_pio"));
  form.note = field("note");
  const auto base = field("base_version");
  int version = 0;
  if (std::from_chars(base.data(), base.data() + base.size(), version).ec == std::errc()) form.base_version = version;
  form.workers = rows<WorkerRow>(fields, "worker.");
  form.locations = rows<LocationRow>(fields, "location.");
  form.access = rows<AccessRow>(fields, "access.");
  return form;
}

bool blank(const WorkerRow& row) {
  const auto& w = row.value;
  return !row.fixed && w.person.empty() && w.work.empty() && w.from.empty() && w.until.empty();
}
bool blank(const LocationRow& row) { return !row.fixed && row.value.name.empty() && row.value.address.empty(); }
// A new access row's permission select always has a value: the row is blank without class and person.
bool blank(const AccessRow& row) { return !row.fixed && row.value.asset_class.empty() && row.value.person.empty(); }

std::vector<std::string> location_ids(const RosterForm& form) {
  std::set<std::string> taken;
  for (const auto& l : form.locations)
    if (!l.value.id.empty()) taken.insert(l.value.id);
  std::vector<std::string> ids;
  int next = 1;
  for (const auto& l : form.locations) {
    if (l.remove || blank(l)) {
      ids.emplace_back();
    } else if (!l.value.id.empty()) {
      ids.push_back(l.value.id);
    } else {
      while (taken.contains("loc-" + std::to_string(next))) ++next;
      ids.push_back("loc-" + std::to_string(next));
      taken.insert(ids.back());
    }
  }
  return ids;
}

domain::Roster roster_from_form(const RosterForm& form) {
  domain::Roster roster;
  roster.responsible = form.responsible;
  roster.information_manager = form.information_manager;
  roster.manager_is_personal_information_officer = form.manager_is_pio;
  for (const auto& w : form.workers)
    if (!blank(w)) roster.workers.push_back(w.value);
  const auto ids = location_ids(form);
  for (std::size_t i = 0; i < form.locations.size(); ++i) {
    if (ids[i].empty()) continue;
    auto location = form.locations[i].value;
    location.id = ids[i];
    roster.locations.push_back(std::move(location));
  }
  for (const auto& a : form.access)
    if (!a.remove && !blank(a)) roster.access.push_back(a.value);
  return roster;
}

RosterForm rebased_form(const domain::Roster& roster, const domain::Roster& current, int version, std::string note) {
  auto form = form_from_roster(roster, version);
  form.note = std::move(note);
  auto in_current = [](const auto& rows, const auto& row) { return std::ranges::find(rows, row) != rows.end(); };
  for (auto& w : form.workers)
    w.fixed = std::ranges::any_of(current.workers, [&](const auto& c) { return c.person == w.value.person; });
  for (auto& l : form.locations)
    l.fixed = std::ranges::any_of(current.locations, [&](const auto& c) { return c.id == l.value.id; });
  for (auto& a : form.access) a.fixed = in_current(current.access, a.value);
  return form;
}

FormSpot locate_error(const Error& error, const RosterForm& form) {
  auto context = [&](const char* key) {
    auto it = error.context.find(key);
    return it == error.context.end() ? std::string() : it->second;
  };
  const auto field = context("field");
  const auto person = context("person");
  const auto location = context("location");
  const auto asset_class = context("asset_class");
  using Kind = FormSpot::Kind;
  if (field == "responsible" || error.code == "roster.responsible_missing") return {Kind::Responsible};
  if (field == "information_manager" || error.code == "roster.manager_missing") return {Kind::InformationManager};
  if (!location.empty()) {
    const auto ids = location_ids(form);
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (ids[i] == location) return {Kind::Location, i};
    return {};
  }
  if (!asset_class.empty() || field.starts_with("access")) {
    for (std::size_t i = 0; i < form.access.size(); ++i) {
      const auto& a = form.access[i];
      if (!a.remove && !blank(a) && a.value.asset_class == asset_class && a.value.person == person)
        return {Kind::Access, i};
    }
    return {};
  }
  if (!person.empty()) {
    // A person listed twice: the later row.
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < form.workers.size(); ++i)
      if (form.workers[i].value.person == person) found = i;
    if (found) return {Kind::Worker, *found};
  }
  return {};
}

}  // namespace itaku::web
