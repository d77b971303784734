#include "itaku/policy/monitoring.hpp"

#include <gtest/gtest.h>

namespace itaku::testing {
namespace {

Timestamp at(const char* text) { return parse_utc(text).release_value(); }

TEST(Monitoring, ADayFarAboveThePersonsUsualIsFlagged) {
  std::vector<policy::Observation> observations;
  std::uint64_t index = 1;
  // Five quiet days of 4 records, then a day of 40 (10:00 JST = 01:00 UTC).
  for (int day = 1; day <= 5; ++day)
    for (int i = 0; i < 4; ++i)
      observations.push_back({index++, "p-a", at(("2026-09-0" + std::to_string(day) + "T01:00:00Z").c_str()), "", {}});
  for (int i = 0; i < 40; ++i) observations.push_back({index++, "p-a", at("2026-09-06T01:00:00Z"), "", {}});
  // Someone else's steady 30 a day is their usual, not an anomaly.
  for (int day = 1; day <= 3; ++day)
    for (int i = 0; i < 30; ++i)
      observations.push_back({index++, "p-b", at(("2026-09-0" + std::to_string(day) + "T02:00:00Z").c_str()), "", {}});
  const auto anomalies = policy::find_anomalies(observations, {});
  ASSERT_EQ(anomalies.size(), 1u);
  EXPECT_EQ(anomalies[0].code, "anomaly.volume_high");
  EXPECT_EQ(anomalies[0].person, "p-a");
  EXPECT_EQ(anomalies[0].day, "2026-09-06");
  EXPECT_EQ(anomalies[0].count, 40u);
  EXPECT_EQ(anomalies[0].usual, 4u);
}

TEST(Monitoring, AccessAtNightInJapanAndAtUnregisteredPlacesIsFlagged) {
  const std::vector<policy::Observation> observations = {
      {1, "p-a", at("2026-09-01T14:30:00Z"), "", {}},                                // 23:30 JST
      {2, "p-a", at("2026-09-01T21:59:00Z"), "", {}},                                // 06:59 JST
      {3, "p-a", at("2026-09-01T22:00:00Z"), "", {}},                                // 07:00 JST: working hours
      {4, "p-b", at("2026-09-01T03:00:00Z"), "decision.location_unregistered", {}},  // noon JST, elsewhere
  };
  const auto anomalies = policy::find_anomalies(observations, {});
  ASSERT_EQ(anomalies.size(), 3u);
  EXPECT_EQ(anomalies[0].code, "anomaly.outside_location");
  EXPECT_EQ(anomalies[0].index, 4u);
  EXPECT_EQ(anomalies[1].code, "anomaly.outside_hours");
  EXPECT_EQ(anomalies[1].index, 2u);
  EXPECT_EQ(anomalies[1].day, "2026-09-02");
  EXPECT_EQ(anomalies[1].hours, "07:00-22:00");
  EXPECT_EQ(anomalies[2].index, 1u);
}

TEST(Monitoring, AWorkLocationsRegisteredHoursReplaceTheDefault) {
  const auto office = domain::parse_work_hours("08:30-17:15");
  ASSERT_TRUE(office.has_value());
  const std::vector<policy::Observation> observations = {
      {1, "p-a", at("2026-09-01T23:29:00Z"), "", office},  // 08:29 JST: before the room opens
      {2, "p-a", at("2026-09-01T23:30:00Z"), "", office},  // 08:30 JST: open
      {3, "p-a", at("2026-09-02T08:14:00Z"), "", office},  // 17:14 JST: open
      {4, "p-a", at("2026-09-02T08:15:00Z"), "", office},  // 17:15 JST: closed
      {5, "p-a", at("2026-09-02T12:00:00Z"), "", {}},      // 21:00 JST elsewhere: within the default
  };
  const auto anomalies = policy::find_anomalies(observations, {});
  ASSERT_EQ(anomalies.size(), 2u);
  EXPECT_EQ(anomalies[0].index, 4u);
  EXPECT_EQ(anomalies[1].index, 1u);
  for (const auto& a : anomalies) {
    EXPECT_EQ(a.code, "anomaly.outside_hours");
    EXPECT_EQ(a.hours, "08:30-17:15");  // the hours that applied, for the page to show
  }
}

TEST(Monitoring, WorkHoursAreReadOnlyInTheirOneForm) {
  EXPECT_EQ(domain::parse_work_hours("08:30-17:15"), (domain::WorkHours{510, 1035}));
  EXPECT_EQ(domain::parse_work_hours("00:00-24:00"), (domain::WorkHours{0, 1440}));
  for (const char* bad : {"", "8:30-17:15", "08:30-17:15 ", "17:00-09:00", "09:00-09:00", "08:60-17:00", "25:00-26:00",
                          "24:30-24:45", "08:30~17:15", "ab:cd-ef:gh"})
    EXPECT_FALSE(domain::parse_work_hours(bad).has_value()) << bad;
}

}  // namespace
}  // namespace itaku::testing
