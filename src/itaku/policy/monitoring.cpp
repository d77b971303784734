#include "itaku/policy/monitoring.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace itaku::policy {

std::vector<Anomaly> find_anomalies(std::span<const Observation> observations, const MonitoringSettings& settings) {
  std::vector<Anomaly> anomalies;
  struct Day {
    std::uint64_t count = 0;
    std::uint64_t last_index = 0;
  };
  std::map<std::string, std::map<std::string, Day>> days;  // person → JST date → records
  for (const auto& o : observations) {
    const auto jst = o.at + std::chrono::hours(9);
    const auto day = std::chrono::floor<std::chrono::days>(jst);
    const auto minute = std::chrono::duration_cast<std::chrono::minutes>(jst - day).count();
    const auto hours = o.hours.value_or(domain::WorkHours{settings.day_starts_hour * 60, settings.day_ends_hour * 60});
    const auto date = format_date(std::chrono::year_month_day(day));
    if (o.reason_code == "decision.location_unregistered" || o.reason_code == "decision.location_missing")
      anomalies.push_back({"anomaly.outside_location", o.person, date, o.index, 0, 0, ""});
    if (minute < hours.from || minute >= hours.until)
      anomalies.push_back({"anomaly.outside_hours", o.person, date, o.index, 0, 0, domain::to_string(hours)});
    auto& d = days[o.person][date];
    ++d.count;
    d.last_index = std::max(d.last_index, o.index);
  }
  for (const auto& [person, by_day] : days) {
    if (by_day.size() < 2) continue;  // no usual to compare with
    for (const auto& [date, day] : by_day) {
      std::vector<std::uint64_t> others;
      for (const auto& [other_date, other] : by_day)
        if (other_date != date) others.push_back(other.count);
      std::nth_element(others.begin(), others.begin() + others.size() / 2, others.end());
      const auto usual = others[others.size() / 2];
      if (day.count >= settings.volume_minimum && static_cast<double>(day.count) >= settings.volume_factor * usual)
        anomalies.push_back({"anomaly.volume_high", person, date, day.last_index, day.count, usual, ""});
    }
  }
  std::sort(anomalies.begin(), anomalies.end(), [](const Anomaly& a, const Anomaly& b) { return a.index > b.index; });
  return anomalies;
}

}  // namespace itaku::policy
