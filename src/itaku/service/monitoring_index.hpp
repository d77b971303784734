#pragma once
// What monitoring reads (長野市 第3: アクセス方法の監視及び管理), kept in memory so that a report
// costs the same at a million decisions as at a thousand: per contract, every decision and
// observed access in a few bytes (who, when, where, whether denied for its place), the totals
// per person and the records per person and day. It is brought up to date from the decisions
// and access_events tables before each report, reading only the rows added since the last
// time, so it sees what any process recorded (the CLI, another instance on PostgreSQL), and it
// is rebuilt from those tables when the server starts.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "itaku/compliance/access_tally.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/policy/monitoring.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::service {

struct ActivityScope {
  bool every_party = true;              // the city's view: everyone, including people the contract does not know
  std::set<std::string> organisations;  // otherwise: people of these organisations only
};

struct ActivityReport {
  std::uint64_t decisions = 0, allows = 0, denies = 0, accesses = 0;
  std::vector<policy::Anomaly> anomalies;               // newest first, at most the limit asked for
  std::map<std::string, std::uint64_t> anomaly_counts;  // code → how many in all
};

class MonitoringIndex {
 public:
  // Reads the decisions and accesses recorded since the last call.
  Result<void> refresh(storage::Database& database);

  // The totals and anomalies of `contract` within `scope`, with the hours the latest rosters of
  // `state` register for each work location. At most `limit` anomalies are listed, the newest.
  ActivityReport report(const domain::State& state, const std::string& contract, const ActivityScope& scope,
                        const policy::MonitoringSettings& settings, std::size_t limit) const;

  std::uint64_t records() const;

  // What compliance needs of `contract`'s decisions and accesses (compliance::AccessTally),
  // as of the last refresh, to evaluate without holding the index: shared until the next
  // refresh that adds to it, which then adds to a copy (a tally of a million decisions is not
  // copied for every read).
  std::shared_ptr<const compliance::AccessTally> tally(const std::string& contract) const;

 private:
  struct Record {
    std::uint64_t index = 0;
    std::int32_t day = 0;      // in Japan, days since 1970-01-01
    std::uint16_t minute = 0;  // of that day
    std::uint8_t flags = 0;
    std::uint32_t person = 0;    // into Contract::people
    std::uint32_t location = 0;  // into Contract::locations
  };
  static constexpr std::uint8_t kAccess = 1, kDenied = 2, kOutsideLocation = 4;
  struct Person {
    std::string id;
    std::uint64_t allows = 0, denies = 0, accesses = 0;
    std::unordered_map<std::int32_t, policy::DayCount> days;
  };
  struct Contract {
    std::vector<Record> records;  // decisions and accesses, each kind in ledger order
    std::vector<Person> people;
    std::unordered_map<std::string, std::uint32_t> person_ids;
    std::vector<std::string> locations;
    std::unordered_map<std::string, std::uint32_t> location_ids;
  };
  Result<void> read_table(storage::Transaction& tx, bool accesses, std::uint64_t& next);
  void add(const std::string& contract, std::uint64_t index, std::string_view person, Timestamp at, std::uint8_t flags,
           std::string_view location);

  mutable std::mutex mutex_;
  std::uint64_t next_decision_ = 0;  // the ledger index the next decision row read must have at least
  std::uint64_t next_access_ = 0;
  std::uint64_t records_ = 0;
  std::unordered_map<std::string, Contract> contracts_;
  std::unordered_map<std::string, std::shared_ptr<compliance::AccessTally>> tallies_;  // by contract
};

}  // namespace itaku::service
