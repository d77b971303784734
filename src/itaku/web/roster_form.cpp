#include "itaku/web/roster_form.hpp"

#include <charconv>
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

template <typename Row, typename Set>
std::vector<Row> rows(const std::map<std::string, std::string>& fields, std::string_view prefix, Set set) {
  std::map<int, Row> by_index;
  for (const auto& [key, value] : fields) {
    int index = 0;
    std::string field;
    if (split_field(key, prefix, index, field)) set(by_index[index], field, value);
  }
  std::vector<Row> out;
  out.reserve(by_index.size());
  for (auto& [index, row] : by_index) out.push_back(std::move(row));
  return out;
}

bool yes(const std::string& value) { return value == "yes" || value == "on" || value == "1"; }

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

RosterForm form_from_roster(const domain::Roster& roster, int version) {
  RosterForm form;
  form.responsible = roster.responsible;
  form.information_manager = roster.information_manager;
  form.manager_is_pio = roster.manager_is_personal_information_officer;
  for (const auto& w : roster.workers) form.workers.push_back({w.person, w.work, w.from, w.until, true});
  for (const auto& l : roster.locations)
    form.locations.push_back({l.id, l.name, l.address, l.hours, l.city_premises, false, true});
  for (const auto& a : roster.access) form.access.push_back({a.asset_class, a.person, a.permission, false, true});
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
  form.workers = rows<WorkerRow>(fields, "worker.", [](WorkerRow& row, const std::string& f, const std::string& v) {
    if (f == "person") row.person = trimmed(v);
    if (f == "work") row.work = trimmed(v);
    if (f == "from") row.from = trimmed(v);
    if (f == "until") row.until = trimmed(v);
    if (f == "fixed") row.fixed = yes(v);
  });
  form.locations =
      rows<LocationRow>(fields, "location.", [](LocationRow& row, const std::string& f, const std::string& v) {
        if (f == "id") row.id = trimmed(v);
        if (f == "name") row.name = trimmed(v);
        if (f == "address") row.address = trimmed(v);
        if (f == "hours") row.hours = trimmed(v);
        if (f == "city_premises") row.city_premises = yes(v);
        if (f == "remove") row.remove = yes(v);
        if (f == "fixed") row.fixed = yes(v);
      });
  form.access = rows<AccessRow>(fields, "access.", [](AccessRow& row, const std::string& f, const std::string& v) {
    if (f == "asset_class") row.asset_class = trimmed(v);
    if (f == "person") row.person = trimmed(v);
    if (f == "permission") row.permission = trimmed(v);
    if (f == "remove") row.remove = yes(v);
    if (f == "fixed") row.fixed = yes(v);
  });
  return form;
}

domain::Roster roster_from_form(const RosterForm& form) {
  domain::Roster roster;
  roster.responsible = form.responsible;
  roster.information_manager = form.information_manager;
  roster.manager_is_personal_information_officer = form.manager_is_pio;
  for (const auto& w : form.workers) {
    if (!w.fixed && w.person.empty() && w.work.empty() && w.from.empty() && w.until.empty()) continue;
    roster.workers.push_back({w.person, w.work, w.from, w.until});
  }
  std::set<std::string> ids;
  for (const auto& l : form.locations)
    if (!l.id.empty()) ids.insert(l.id);
  int next = 1;
  for (const auto& l : form.locations) {
    if (l.remove) continue;
    if (!l.fixed && l.name.empty() && l.address.empty()) continue;
    auto id = l.id;
    if (id.empty()) {
      while (ids.contains("loc-" + std::to_string(next))) ++next;
      id = "loc-" + std::to_string(next);
      ids.insert(id);
    }
    roster.locations.push_back({id, l.name, l.address, l.city_premises, l.hours});
  }
  for (const auto& a : form.access) {
    if (a.remove) continue;
    // A new row's permission select always has a value: the row is blank without class and person.
    if (!a.fixed && a.asset_class.empty() && a.person.empty()) continue;
    roster.access.push_back({a.asset_class, a.person, a.permission});
  }
  return roster;
}

}  // namespace itaku::web
