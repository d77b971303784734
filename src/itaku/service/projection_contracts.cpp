// The SQL projection of provision sets, contracts, their parties and their lifecycle
// (data/migrations/0002_domain.sql).

#include "itaku/domain/contract_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

void register_contract_projections(Projections& p) {
  using namespace domain;
  using storage::Param;
  using storage::Text;
  p.own(
      {{"provision_sets", "name, version"}, {"contracts", "id"}, {"contract_parties", "contract_id, organisation_id"}});
  p.add<ProvisionsImported>(
      [](storage::Transaction& tx, const ProvisionsImported& e, const Event&, std::int64_t index) {
        const Param row[] = {Text{e.name},  Text{e.version}, Text{e.hash}, Text{e.municipality},
                             Text{e.title}, Text{e.source},  index};
        return tx.execute(
            "INSERT INTO provision_sets (name, version, content_hash, municipality, title, source, ledger_index) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            row);
      });
  p.add<ContractCreated>(
      [](storage::Transaction& tx, const ContractCreated& e, const Event& event, std::int64_t index) -> Result<void> {
        const Param row[] = {Text{event.contract},
                             Text{e.number},
                             Text{e.title},
                             Text{e.department},
                             Text{e.city},
                             Text{e.contractor},
                             Text{e.period_from},
                             Text{e.period_until},
                             Text{e.work_description},
                             Text{e.provisions.name},
                             Text{e.provisions.version},
                             Text{e.provisions.hash},
                             index};
        TRY(
            tx.execute("INSERT INTO contracts (id, number, title, department, city_id, contractor_id, period_from, "
                       "period_until, work_description, state, provisions_name, provisions_version, provisions_hash, "
                       "ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)",
                       row));
        for (const auto& [org, role] : {std::pair{&e.city, "city"}, std::pair{&e.contractor, "contractor"}}) {
          const Param party[] = {Text{event.contract}, Text{*org}, Text{role}, index};
          TRY(
              tx.execute("INSERT INTO contract_parties (contract_id, organisation_id, role, parent_id, ledger_index) "
                         "VALUES (?, ?, ?, '', ?)",
                         party));
        }
        return ok();
      });
  p.add<SubcontractorAdded>(
      [](storage::Transaction& tx, const SubcontractorAdded& e, const Event& event, std::int64_t index) {
        const Param row[] = {Text{event.contract}, Text{e.organisation}, Text{e.parent}, index};
        return tx.execute(
            "INSERT INTO contract_parties (contract_id, organisation_id, role, parent_id, ledger_index) "
            "VALUES (?, ?, 'subcontractor', ?, ?)",
            row);
      });
  // An amendment changes what it names; its history is in the ledger (and the state).
  p.add<ContractAmended>(
      [](storage::Transaction& tx, const ContractAmended& e, const Event& event, std::int64_t) -> Result<void> {
        if (e.provisions) {
          const Param row[] = {Text{e.provisions->name}, Text{e.provisions->version}, Text{e.provisions->hash},
                               Text{event.contract}};
          TRY(
              tx.execute("UPDATE contracts SET provisions_name = ?, provisions_version = ?, provisions_hash = ? "
                         "WHERE id = ?",
                         row));
        }
        if (!e.period_until.empty()) {
          const Param row[] = {Text{e.period_until}, Text{event.contract}};
          TRY(tx.execute("UPDATE contracts SET period_until = ? WHERE id = ?", row));
        }
        if (!e.work_description.empty()) {
          const Param row[] = {Text{e.work_description}, Text{event.contract}};
          TRY(tx.execute("UPDATE contracts SET work_description = ? WHERE id = ?", row));
        }
        return ok();
      });
  const auto lifecycle = [](const char* state) {
    return [state](storage::Transaction& tx, const auto&, const Event& event, std::int64_t) {
      const Param row[] = {Text{state}, Text{event.contract}};
      return tx.execute("UPDATE contracts SET state = ? WHERE id = ?", row);
    };
  };
  p.add<ContractActivated>(lifecycle("active"));
  p.add<ContractClosingStarted>(lifecycle("closing"));
  p.add<ContractClosed>(lifecycle("closed"));
}

}  // namespace itaku::service
