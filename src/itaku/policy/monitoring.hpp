#pragma once
// Unusual patterns in the decisions and accesses of one contract (長野市 第3: アクセス方法の
// 監視及び管理): volume far above a person's usual, access outside registered work locations,
// and access outside the working hours registered for the work location (or the default
// hours where none are registered). Pure: the caller supplies the observations.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/clock.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::policy {

struct Observation {
  std::uint64_t index = 0;  // ledger index of the decision or access record
  std::string person;
  Timestamp at{};
  std::string reason_code;  // the deciding reason, if it was denied
  // The hours registered for the work location the record names, if any.
  std::optional<domain::WorkHours> hours;
};

struct MonitoringSettings {
  // Working hours in JST where a work location has none registered: access at or after
  // `day_ends_hour` or before `day_starts_hour` is flagged.
  int day_starts_hour = 7;
  int day_ends_hour = 22;
  // A person's day is flagged when it has at least `volume_minimum` records and at least
  // `volume_factor` times the median of that person's other days.
  double volume_factor = 3.0;
  std::uint64_t volume_minimum = 20;
};

struct Anomaly {
  std::string code;  // anomaly.volume_high, anomaly.outside_location, anomaly.outside_hours
  std::string person;
  std::string day;          // JST date
  std::uint64_t index = 0;  // the record (for volume: the last of the day)
  std::uint64_t count = 0;  // volume: records that day
  std::uint64_t usual = 0;  // volume: the median of the person's other days
  std::string hours;        // outside hours: the working hours that applied, "08:30-17:15"
};

std::vector<Anomaly> find_anomalies(std::span<const Observation> observations, const MonitoringSettings& settings);

// The pieces find_anomalies is made of, for a caller that keeps its observations in another
// form (service::MonitoringIndex keeps counts per day as records arrive).

// An instant as a day in Japan (days since 1970-01-01) and the minute of that day.
struct JstMinute {
  int day = 0;
  int minute = 0;
};
JstMinute jst_minute(Timestamp at);
// Whether the deciding reason says the record was made away from a registered work location.
bool outside_location(std::string_view reason_code);
// The hours that apply to a record: those registered for its work location, else the default.
domain::WorkHours applicable_hours(const std::optional<domain::WorkHours>& registered,
                                   const MonitoringSettings& settings);
inline bool outside_hours(int minute, const domain::WorkHours& hours) {
  return minute < hours.from || minute >= hours.until;
}
// One person's records on one day in Japan.
struct DayCount {
  int day = 0;
  std::uint64_t count = 0;
  std::uint64_t last_index = 0;  // the last record of the day
};
// anomaly.volume_high for the days of one person (one entry per day, any order) that stand far
// above the median of the person's other days.
void add_volume_anomalies(const std::string& person, std::span<const DayCount> days, const MonitoringSettings& settings,
                          std::vector<Anomaly>& out);

}  // namespace itaku::policy
