// The SQL projection of roster versions and their members (体制表; data/migrations/0002_domain.sql).

#include "itaku/core/canonical_json.hpp"
#include "itaku/domain/roster_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

void register_roster_projections(Projections& p) {
  using namespace domain;
  using storage::Param;
  using storage::Text;
  p.own({{"roster_versions", "contract_id, organisation_id, version"},
         {"roster_members", "contract_id, organisation_id, version, person_id, role"}});
  p.add<RosterVersionSubmitted>([](storage::Transaction& tx, const RosterVersionSubmitted& e, const Event& event,
                                   std::int64_t index) -> Result<void> {
    const std::int64_t version = e.version;
    // The roster column holds the roster's bytes as the event recorded them.
    const auto roster_json = TRY(canonical_json(event.data.at("roster")));
    const auto at = format_utc(event.at);
    const Param row[] = {Text{event.contract}, Text{e.organisation}, version,  Text{roster_json},
                         Text{e.note},         Text{event.actor},    Text{at}, index};
    TRY(
        tx.execute("INSERT INTO roster_versions (contract_id, organisation_id, version, roster, note, submitted_by, "
                   "submitted_at, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   row));
    auto member = [&](const std::string& person, const char* role, const std::string& work, const std::string& from,
                      const std::string& until) -> Result<void> {
      const Param m[] = {Text{event.contract}, Text{e.organisation}, version,    Text{person},
                         Text{role},           Text{work},           Text{from}, Text{until}};
      return tx.execute(
          "INSERT INTO roster_members (contract_id, organisation_id, version, person_id, role, work, period_from, "
          "period_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          m);
    };
    TRY(member(e.roster.responsible, "responsible", "", "", ""));
    TRY(member(e.roster.information_manager, "information_manager", "", "", ""));
    for (const auto& w : e.roster.workers) TRY(member(w.person, "worker", w.work, w.from, w.until));
    return ok();
  });
  p.add<RosterAcknowledged>(
      [](storage::Transaction& tx, const RosterAcknowledged& e, const Event& event, std::int64_t index) {
        const auto at = format_utc(event.at);
        const Param row[] = {
            Text{e.by}, Text{at}, index, Text{event.contract}, Text{e.organisation}, std::int64_t{e.version}};
        return tx.execute(
            "UPDATE roster_versions SET acknowledged_by = ?, acknowledged_at = ?, acknowledged_index = ? "
            "WHERE contract_id = ? AND organisation_id = ? AND version = ?",
            row);
      });
}

}  // namespace itaku::service
