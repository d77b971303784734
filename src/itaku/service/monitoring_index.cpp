#include "itaku/service/monitoring_index.hpp"

#include <algorithm>

namespace itaku::service {

namespace {
template <typename Map, typename Vector, typename Make>
std::uint32_t intern(Map& ids, Vector& values, std::string_view key, Make make) {
  const auto [it, inserted] = ids.try_emplace(std::string(key), static_cast<std::uint32_t>(values.size()));
  if (inserted) values.push_back(make(it->first));
  return it->second;
}
}  // namespace

void MonitoringIndex::add(const std::string& contract, std::uint64_t index, std::string_view person, Timestamp at,
                          std::uint8_t flags, std::string_view location) {
  auto& c = contracts_[contract];
  const auto p = intern(c.person_ids, c.people, person, [](const std::string& id) {
    Person made;
    made.id = id;
    return made;
  });
  const auto l = intern(c.location_ids, c.locations, location, [](const std::string& id) { return id; });
  const auto [day, minute] = policy::jst_minute(at);
  c.records.push_back(Record{index, day, static_cast<std::uint16_t>(minute), flags, p, l});
  auto& who = c.people[p];
  if (flags & kAccess)
    ++who.accesses;
  else
    ++((flags & kDenied) ? who.denies : who.allows);
  auto& d = who.days[day];
  d.day = day;
  ++d.count;
  d.last_index = std::max(d.last_index, index);
  ++records_;
}

Result<void> MonitoringIndex::read_table(storage::Transaction& tx, bool accesses, std::uint64_t& next) {
  const std::string sql =
      accesses ? "SELECT ledger_index, contract_id, person_id, accessed_at, rule_effect, reason_code, location, "
                 "action, class_id, purpose, matched_decision "
                 "FROM access_events WHERE ledger_index >= ? ORDER BY ledger_index"
               : "SELECT ledger_index, contract_id, person_id, decided_at, effect, reason_code, location, "
                 "action, class_id, purpose "
                 "FROM decisions WHERE ledger_index >= ? ORDER BY ledger_index";
  const storage::Param p[] = {static_cast<std::int64_t>(next)};
  std::string contract;
  return tx.query(sql, p, [&](const storage::Row& row) -> Result<void> {
    const auto index = static_cast<std::uint64_t>(row.int64(0));
    const auto at = TRY(parse_utc(row.text(3)));
    std::uint8_t flags = accesses ? kAccess : 0;
    const bool denied = row.text(4) == "deny";
    if (denied) flags |= kDenied;
    if (policy::outside_location(row.text(5))) flags |= kOutsideLocation;
    contract.assign(row.text(1));
    add(contract, index, row.text(2), at, flags, row.text(6));
    compliance::AccessFact fact;
    fact.kind = accesses ? compliance::AccessFact::Kind::Access : compliance::AccessFact::Kind::Decision;
    fact.index = index;
    fact.at = at;
    fact.person = row.text(2);
    fact.action = row.text(7);
    fact.asset_class = row.text(8);
    fact.purpose = row.text(9);
    fact.denied = denied;
    fact.matched = accesses && !row.is_null(10) && row.int64(10) != 0;
    auto& tally = tallies_[contract];
    if (!tally)
      tally = std::make_shared<compliance::AccessTally>();
    else if (tally.use_count() > 1)  // a reader holds it: it keeps what it was given
      tally = std::make_shared<compliance::AccessTally>(*tally);
    tally->add(fact);
    next = index + 1;
    return ok();
  });
}

Result<void> MonitoringIndex::refresh(storage::Database& database) {
  std::lock_guard lock(mutex_);
  // Rows are committed in ledger order (appends are serialised), so everything below `next`
  // has been read and nothing below it can still appear.
  auto tx = TRY(database.begin(storage::TransactionMode::Read));
  TRY(read_table(*tx, false, next_decision_));
  TRY(read_table(*tx, true, next_access_));
  return ok();
}

std::shared_ptr<const compliance::AccessTally> MonitoringIndex::tally(const std::string& contract) const {
  static const auto kNone = std::make_shared<const compliance::AccessTally>();
  std::lock_guard lock(mutex_);
  const auto found = tallies_.find(contract);
  return found == tallies_.end() ? kNone : found->second;
}

std::uint64_t MonitoringIndex::records() const {
  std::lock_guard lock(mutex_);
  return records_;
}

ActivityReport MonitoringIndex::report(const domain::State& state, const std::string& contract,
                                       const ActivityScope& scope, const policy::MonitoringSettings& settings,
                                       std::size_t limit) const {
  std::lock_guard lock(mutex_);
  ActivityReport report;
  const auto found = contracts_.find(contract);
  if (found == contracts_.end()) return report;
  const auto& c = found->second;
  const auto* registered = state.contract(contract);

  // Per person: whether the scope includes them, and the hours their party's latest roster
  // registers, by location (interned here).
  std::vector<char> included(c.people.size(), 0);
  std::vector<const std::vector<std::pair<std::uint32_t, domain::WorkHours>>*> hours_of(c.people.size(), nullptr);
  std::unordered_map<std::string, std::vector<std::pair<std::uint32_t, domain::WorkHours>>> party_hours;
  if (registered)
    for (const auto& [organisation, versions] : registered->rosters) {
      if (versions.empty()) continue;
      auto& list = party_hours[organisation];
      for (const auto& location : versions.back().roster.locations) {
        const auto l = c.location_ids.find(location.id);
        const auto hours = domain::parse_work_hours(location.hours);
        if (l != c.location_ids.end() && hours) list.emplace_back(l->second, *hours);
      }
    }
  for (std::size_t i = 0; i < c.people.size(); ++i) {
    const auto* person = state.person(c.people[i].id);
    const std::string organisation = person ? person->organisation : std::string();
    included[i] = scope.every_party || (person && scope.organisations.contains(organisation));
    if (const auto h = party_hours.find(organisation); person && h != party_hours.end()) hours_of[i] = &h->second;
  }

  for (std::size_t i = 0; i < c.people.size(); ++i) {
    if (!included[i]) continue;
    const auto& p = c.people[i];
    report.allows += p.allows;
    report.denies += p.denies;
    report.accesses += p.accesses;
  }
  report.decisions = report.allows + report.denies;

  // Each record against its place and hours. Every anomaly is counted; the newest `limit` of
  // each kind of record (decisions, accesses) are kept, which holds the newest `limit` overall.
  std::vector<policy::Anomaly> found_anomalies;
  std::size_t kept[2] = {0, 0};
  for (auto r = c.records.rbegin(); r != c.records.rend(); ++r) {
    if (!included[r->person]) continue;
    std::optional<domain::WorkHours> registered_hours;
    if (const auto* list = hours_of[r->person])
      for (const auto& [location, hours] : *list)
        if (location == r->location) registered_hours = hours;
    const auto hours = policy::applicable_hours(registered_hours, settings);
    auto& keep = kept[(r->flags & kAccess) ? 1 : 0];
    if (r->flags & kOutsideLocation) {
      ++report.anomaly_counts["anomaly.outside_location"];
      if (keep < limit) {
        ++keep;
        found_anomalies.push_back(
            {"anomaly.outside_location", c.people[r->person].id, jst_day_text(r->day), r->index, 0, 0, ""});
      }
    }
    if (policy::outside_hours(r->minute, hours)) {
      ++report.anomaly_counts["anomaly.outside_hours"];
      if (keep < limit) {
        ++keep;
        found_anomalies.push_back({"anomaly.outside_hours", c.people[r->person].id, jst_day_text(r->day), r->index, 0,
                                   0, domain::to_string(hours)});
      }
    }
  }
  std::vector<policy::DayCount> days;
  std::vector<policy::Anomaly> volume;
  for (std::size_t i = 0; i < c.people.size(); ++i) {
    if (!included[i] || c.people[i].days.size() < 2) continue;
    days.clear();
    for (const auto& [day, count] : c.people[i].days) days.push_back(count);
    policy::add_volume_anomalies(c.people[i].id, days, settings, volume);
  }
  if (!volume.empty()) report.anomaly_counts["anomaly.volume_high"] = volume.size();
  found_anomalies.insert(found_anomalies.end(), volume.begin(), volume.end());
  std::sort(found_anomalies.begin(), found_anomalies.end(),
            [](const policy::Anomaly& a, const policy::Anomaly& b) { return a.index > b.index; });
  if (found_anomalies.size() > limit) found_anomalies.resize(limit);
  report.anomalies = std::move(found_anomalies);
  return report;
}

}  // namespace itaku::service
