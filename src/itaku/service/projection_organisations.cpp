// The SQL projection of organisations, their people and departures (data/migrations/0002_domain.sql).

#include "itaku/domain/organisation_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

void register_organisation_projections(Projections& p) {
  using namespace domain;
  using storage::Param;
  using storage::Text;
  p.own({{"organisations", "id"}, {"people", "id"}});
  p.add<OrganisationRegistered>([](storage::Transaction& tx, const OrganisationRegistered& e, const Event&,
                                   std::int64_t index) {
    const std::string kind(to_string(e.kind));
    const Param row[] = {Text{e.id}, Text{kind}, Text{e.name}, Text{e.name_en}, index};
    return tx.execute("INSERT INTO organisations (id, kind, name, name_en, ledger_index) VALUES (?, ?, ?, ?, ?)", row);
  });
  p.add<PersonRegistered>([](storage::Transaction& tx, const PersonRegistered& e, const Event&, std::int64_t index) {
    const Param row[] = {Text{e.id}, Text{e.organisation}, Text{e.name}, Text{e.title}, Text{e.email}, index};
    return tx.execute(
        "INSERT INTO people (id, organisation_id, name, title, email, status, ledger_index) "
        "VALUES (?, ?, ?, ?, ?, 'active', ?)",
        row);
  });
  p.add<PersonDeparted>([](storage::Transaction& tx, const PersonDeparted& e, const Event&, std::int64_t index) {
    const std::string reason(to_string(e.reason));
    const auto effective = format_utc(e.effective);
    const Param row[] = {Text{reason}, Text{effective}, index, Text{e.id}};
    return tx.execute("UPDATE people SET status = ?, departed_at = ?, departure_index = ? WHERE id = ?", row);
  });
}

}  // namespace itaku::service
