#pragma once
// The SQL projection of domain events: project() writes what one event changes into the
// tables of data/migrations/*/0002_domain.sql. It is the only writer of those tables, used
// both when an event is appended (in the same transaction) and by replay.

#include <cstdint>
#include <span>
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

// Appends `events` to the ledger with their projections in the same transaction (one
// group-committed batch); returns the index of the first.
Result<std::uint64_t> append_projected(ledger::Ledger& ledger, const std::vector<domain::Event>& events);

struct ProjectionTable {
  std::string_view name;
  std::string_view order_by;  // its primary key, for comparisons
};
// Every table project() writes.
std::span<const ProjectionTable> projection_tables();

}  // namespace itaku::service
