#pragma once
// Use cases: a command is checked against the current state (domain::decide), becomes
// events, the events are appended to the ledger and projected into SQL in one transaction,
// and only then applied to the in-memory state. Commands are serialised; reads see the
// state between commands.

#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>

#include "itaku/core/clock.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::service {

// Calls `on_event` for every domain event stored in the ledger, in order, with its index.
// Entries that are not domain events (the ledger's genesis) are skipped.
Result<void> for_each_event(storage::Database& database,
                            const std::function<Result<void>(const domain::Event&, std::uint64_t)>& on_event);

class Service {
 public:
  // Rebuilds the state from the ledger's events. `database` and `ledger` must outlive it.
  static Result<std::unique_ptr<Service>> open(storage::Database& database, ledger::Ledger& ledger, const Clock& clock);

  // Returns the ledger index of the first event recorded.
  Result<std::uint64_t> execute(const domain::Command& command, const domain::Actor& actor);

  // Runs `read` with the current state; no command runs meanwhile.
  template <typename F>
  auto read(F&& read) const {
    std::shared_lock lock(mutex_);
    return read(static_cast<const domain::State&>(state_));
  }

 private:
  Service(storage::Database& database, ledger::Ledger& ledger, const Clock& clock)
      : database_(database), ledger_(ledger), clock_(clock) {}

  storage::Database& database_;
  ledger::Ledger& ledger_;
  const Clock& clock_;
  mutable std::shared_mutex mutex_;
  domain::State state_;
};

struct ReplayDifference {
  std::string table;
  std::string row;    // the row as "col=value|…"
  std::string where;  // "only in live", "only in rebuilt"
};

struct ReplayReport {
  std::uint64_t events = 0;
  std::uint64_t rows_compared = 0;
  std::vector<ReplayDifference> differences;
};

// Rebuilds the projections from the ledger into a scratch SQLite database in `scratch_dir`
// and compares every projection table with the live one.
Result<ReplayReport> replay_check(storage::Database& live, const std::filesystem::path& scratch_dir);
// Empties the projection tables and rebuilds them from the ledger, in one transaction.
Result<std::uint64_t> replay_in_place(storage::Database& database);

}  // namespace itaku::service
