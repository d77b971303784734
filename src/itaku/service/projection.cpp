#include "itaku/service/projection.hpp"

#include "itaku/core/assert.hpp"
#include "itaku/core/canonical_json.hpp"

namespace itaku::service {

void Projections::insert(std::string_view type, Project project) {
  // A second writer for one event type is a bug in the code, found by the first test.
  ITAKU_CHECK(!writers_.contains(type));
  writers_.emplace(std::string(type), std::move(project));
}

const Projections::Project* Projections::find(std::string_view type) const {
  auto it = writers_.find(type);
  return it == writers_.end() ? nullptr : &it->second;
}

std::vector<std::string_view> Projections::names() const {
  std::vector<std::string_view> names;
  for (const auto& [name, project] : writers_) names.emplace_back(name);
  return names;
}

const Projections& projections() {
  // One line per capability, in the order their tables were created.
  static const Projections kAll = [] {
    Projections p;
    register_organisation_projections(p);
    register_account_projections(p);
    register_contract_projections(p);
    register_roster_projections(p);
    register_notification_projections(p);
    register_asset_projections(p);
    register_document_projections(p);
    register_badge_projections(p);
    register_approval_projections(p);
    register_training_projections(p);
    register_disposal_projections(p);
    return p;
  }();
  return kAll;
}

std::span<const ProjectionTable> projection_tables() { return projections().tables(); }

Result<void> project(storage::Transaction& tx, const domain::Event& event, std::uint64_t ledger_index) {
  const auto* writer = projections().find(event.type);
  if (!writer)
    return make_error(ErrorKind::Internal, "projection.unknown_event", "未知のイベントです", "unknown event type")
        .with("type", event.type);
  if (!*writer) return ok();
  auto written = (*writer)(tx, event, static_cast<std::int64_t>(ledger_index));
  if (!written && written.error().code == "event.malformed")
    return make_error(ErrorKind::Internal, "projection.malformed_event", "イベントを投影できません",
                      "an event cannot be projected")
        .with("type", event.type)
        .with("detail", written.error().context.at("detail"));
  return written;
}

void append_decisions_async(ledger::Ledger& ledger, std::vector<CanonicalJson> entries, std::vector<DecisionRow> rows,
                            ledger::Ledger::Completion done) {
  ledger.append_async(
      std::move(entries),
      [rows = std::move(rows)](storage::Transaction& tx, std::uint64_t first) -> Result<void> {
        for (std::size_t i = 0; i < rows.size(); ++i) TRY(insert_decision(tx, rows[i], first + i));
        return ok();
      },
      std::move(done));
}

Result<std::vector<CanonicalJson>> canonical_entries(const std::vector<domain::Event>& events) {
  return canonical_entries(std::vector<domain::Event>(events));
}

Result<std::vector<CanonicalJson>> canonical_entries(std::vector<domain::Event>&& events) {
  std::vector<CanonicalJson> entries;
  entries.reserve(events.size());
  for (auto& event : events) entries.push_back(TRY(domain::to_canonical(std::move(event))));
  return entries;
}

Result<void> project_events(storage::Transaction& tx, const std::vector<domain::Event>& events,
                            std::uint64_t first_index, const SideWrite& also) {
  for (std::size_t i = 0; i < events.size(); ++i) TRY(project(tx, events[i], first_index + i));
  if (also) TRY(also(tx));
  return ok();
}

Result<std::uint64_t> append_projected(ledger::Ledger& ledger, const std::vector<domain::Event>& events,
                                       const SideWrite& also) {
  const auto entries = TRY(canonical_entries(events));
  return ledger.append_all(entries, [&](storage::Transaction& tx, std::uint64_t first) -> Result<void> {
    return project_events(tx, events, first, also);
  });
}

}  // namespace itaku::service
