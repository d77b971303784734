#pragma once
// The SQL projection of domain events: project() writes what one event changes into the
// tables of data/migrations/*/0002_domain.sql. It is the only writer of those tables, used
// both when an event is appended (in the same transaction) and by replay.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::service {

Result<void> project(storage::Transaction& tx, const domain::Event& event, std::uint64_t index);

// The information-asset events (projection_assets.cpp); false when `event` is not one.
Result<bool> project_asset_event(storage::Transaction& tx, const domain::Event& event, std::int64_t index);

// The ledger bytes of `events`, in order.
Result<std::vector<CanonicalJson>> canonical_entries(const std::vector<domain::Event>& events);
// The same, consuming the events (their data is moved, not copied).
Result<std::vector<CanonicalJson>> canonical_entries(std::vector<domain::Event>&& events);

// Rows written beside a command's events, in their transaction (see Service::execute).
using SideWrite = std::function<Result<void>(storage::Transaction&)>;

// Appends `events` to the ledger with their projections (and `also`) in the same transaction
// (one group-committed batch); returns the index of the first.
Result<std::uint64_t> append_projected(ledger::Ledger& ledger, const std::vector<domain::Event>& events,
                                       const SideWrite& also = nullptr);

// A recorded decision as the decisions table holds it: read from a decision.recorded event
// (replay) or filled directly by the service when it decides (no JSON on the ledger's writer
// thread, which every decision waits for).
struct DecisionRow {
  std::string contract, person, action, asset, asset_class, effect, reason_code, clause, device, location, purpose,
      time, actor;
};
DecisionRow decision_row(const domain::Event& event);
Result<void> insert_decision(storage::Transaction& tx, const DecisionRow& row, std::uint64_t index);

// Appends decision.recorded events without waiting, writing `rows` (one per event) as their
// projection; `done` runs on the ledger's writer thread (see Ledger::append_async).
void append_decisions_async(ledger::Ledger& ledger, std::vector<CanonicalJson> entries, std::vector<DecisionRow> rows,
                            ledger::Ledger::Completion done);

struct ProjectionTable {
  std::string_view name;
  std::string_view order_by;  // its primary key, for comparisons
};
// Every table project() writes.
std::span<const ProjectionTable> projection_tables();

}  // namespace itaku::service
