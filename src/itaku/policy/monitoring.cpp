#include "itaku/policy/monitoring.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace itaku::policy {

JstMinute jst_minute(Timestamp at) {
  const auto day = jst_day(at);
  const auto since_midnight = at + std::chrono::hours(9) - std::chrono::sys_days(std::chrono::days(day));
  return {day, static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(since_midnight).count())};
}

bool outside_location(std::string_view reason_code) {
  return reason_code == "decision.location_unregistered" || reason_code == "decision.location_missing";
}

domain::WorkHours applicable_hours(const std::optional<domain::WorkHours>& registered,
                                   const MonitoringSettings& settings) {
  return registered.value_or(domain::WorkHours{settings.day_starts_hour * 60, settings.day_ends_hour * 60});
}

void add_volume_anomalies(const std::string& person, std::span<const DayCount> days, const MonitoringSettings& settings,
                          std::vector<Anomaly>& out) {
  if (days.size() < 2) return;  // no usual to compare with
  std::vector<std::uint64_t> others;
  others.reserve(days.size() - 1);
  for (const auto& day : days) {
    if (day.count < settings.volume_minimum) continue;  // cannot be flagged whatever the usual
    others.clear();
    for (const auto& other : days)
      if (other.day != day.day) others.push_back(other.count);
    std::nth_element(others.begin(), others.begin() + others.size() / 2, others.end());
    const auto usual = others[others.size() / 2];
    if (static_cast<double>(day.count) >= settings.volume_factor * usual)
      out.push_back({"anomaly.volume_high", person, jst_day_text(day.day), day.last_index, day.count, usual, ""});
  }
}

std::vector<Anomaly> find_anomalies(std::span<const Observation> observations, const MonitoringSettings& settings) {
  std::vector<Anomaly> anomalies;
  std::map<std::string, std::map<int, DayCount>> days;  // person → JST day → records
  for (const auto& o : observations) {
    const auto [day, minute] = jst_minute(o.at);
    const auto hours = applicable_hours(o.hours, settings);
    if (outside_location(o.reason_code))
      anomalies.push_back({"anomaly.outside_location", o.person, jst_day_text(day), o.index, 0, 0, ""});
    if (outside_hours(minute, hours))
      anomalies.push_back(
          {"anomaly.outside_hours", o.person, jst_day_text(day), o.index, 0, 0, domain::to_string(hours)});
    auto& d = days[o.person][day];
    d.day = day;
    ++d.count;
    d.last_index = std::max(d.last_index, o.index);
  }
  std::vector<DayCount> counts;
  for (const auto& [person, by_day] : days) {
    counts.clear();
    for (const auto& [day, count] : by_day) counts.push_back(count);
    add_volume_anomalies(person, counts, settings, anomalies);
  }
  std::sort(anomalies.begin(), anomalies.end(), [](const Anomaly& a, const Anomaly& b) { return a.index > b.index; });
  return anomalies;
}

}  // namespace itaku::policy
