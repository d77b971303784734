#pragma once
// The SQL projection of domain events: project() writes what one event changes into the
// tables of data/migrations/*/0002_domain.sql. It is the only writer of those tables, used
// both when an event is appended (in the same transaction) and by replay.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/domain/decision_events.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::service {

Result<void> project(storage::Transaction& tx, const domain::Event& event, std::uint64_t index);

struct ProjectionTable {
  std::string_view name;
  std::string_view order_by;  // its primary key, for comparisons
};

// The SQL writer of every event type, registered once per capability beside the tables it
// owns; project() dispatches through it. Every event type of domain::event_types() has an
// entry (a test checks), even if only to say that nothing is projected.
class Projections {
 public:
  using Project = std::function<Result<void>(storage::Transaction&, const domain::Event&, std::int64_t index)>;

  // Registers the writer of E: `project(Transaction&, const E& data, const Event& event,
  // std::int64_t index) -> Result<void>`, called with the event's data already read into E.
  template <class E, class F>
  void add(F project) {
    insert(E::kType,
           [project](storage::Transaction& tx, const domain::Event& event, std::int64_t index) -> Result<void> {
             auto data = TRY(domain::read_event<E>(event));
             return project(tx, data, event, index);
           });
  }
  // E is kept in the ledger only (an audit record, or state with no table): nothing is written.
  template <class E>
  void add_unprojected() {
    insert(E::kType, nullptr);
  }
  // Tables a capability's writers fill, in the order they are created (see projection_tables).
  void own(std::initializer_list<ProjectionTable> tables) { tables_.insert(tables_.end(), tables); }

  const Project* find(std::string_view type) const;
  std::vector<std::string_view> names() const;
  std::span<const ProjectionTable> tables() const { return tables_; }

 private:
  void insert(std::string_view type, Project project);
  std::map<std::string, Project, std::less<>> writers_;
  std::vector<ProjectionTable> tables_;
};

// Every capability's writers, built once.
const Projections& projections();

// Each capability's registrations, in a file of its own (projection_<capability>.cpp).
// Organisations and the people registered with them (projection_organisations.cpp).
void register_organisation_projections(Projections& projections);
// Users and city roles (projection_accounts.cpp).
void register_account_projections(Projections& projections);
// Provision sets, contracts and their parties (projection_contracts.cpp).
void register_contract_projections(Projections& projections);
// Roster versions and their members (projection_roster.cpp).
void register_roster_projections(Projections& projections);
// Notifications and the outbox (projection_notifications.cpp).
void register_notification_projections(Projections& projections);
// The information assets (projection_assets.cpp): classes, the register, hand-overs, receipts,
// decisions and observed accesses.
void register_asset_projections(Projections& projections);
// Issued documents (projection_documents.cpp).
void register_document_projections(Projections& projections);
// The ID badges (projection_badges.cpp).
void register_badge_projections(Projections& projections);
void register_approval_projections(Projections& projections);
// Training, acknowledgements and pledges (projection_training.cpp).
void register_training_projections(Projections& projections);
void register_disposal_projections(Projections& projections);

// The ledger bytes of `events`, in order.
Result<std::vector<CanonicalJson>> canonical_entries(const std::vector<domain::Event>& events);
// The same, consuming the events (their data is moved, not copied).
Result<std::vector<CanonicalJson>> canonical_entries(std::vector<domain::Event>&& events);

// Rows written beside a command's events, in their transaction (see Service::execute).
using SideWrite = std::function<Result<void>(storage::Transaction&)>;

// Writes the projections of `events`, the first at `first_index`, and then `also`.
Result<void> project_events(storage::Transaction& tx, const std::vector<domain::Event>& events,
                            std::uint64_t first_index, const SideWrite& also = nullptr);

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
DecisionRow decision_row(const domain::DecisionRecorded& data, const domain::Event& event);
Result<void> insert_decision(storage::Transaction& tx, const DecisionRow& row, std::uint64_t index);

// Appends decision.recorded events without waiting, writing `rows` (one per event) as their
// projection; `done` runs on the ledger's writer thread (see Ledger::append_async).
void append_decisions_async(ledger::Ledger& ledger, std::vector<CanonicalJson> entries, std::vector<DecisionRow> rows,
                            ledger::Ledger::Completion done);

// Every table project() writes.
std::span<const ProjectionTable> projection_tables();

}  // namespace itaku::service
