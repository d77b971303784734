#pragma once
// Unusual patterns in the decisions and accesses of one contract (長野市 第3: アクセス方法の
// 監視及び管理): volume far above a person's usual, access outside registered work locations,
// and access outside the working hours registered for the work location (or the default
// hours where none are registered). Pure: the caller supplies the observations.

#include <cstdint>
#include <span>
#include <string>
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

}  // namespace itaku::policy
