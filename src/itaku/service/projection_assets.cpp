// The SQL projection of the information-asset events: classes, the register, hand-overs,
// receipts, decisions and observed accesses (data/migrations/*/0004_assets.sql), and the city's
// reviews of the monitoring (no table).

#include "itaku/core/canonical_json.hpp"
#include "itaku/domain/asset_events.hpp"
#include "itaku/domain/monitoring_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

namespace {

using storage::Param;
using storage::Text;

// The deciding reason of a decision or access record: the first one, if any.
std::pair<std::string, std::string> first_reason(const std::vector<domain::ReasonRecord>& reasons) {
  if (reasons.empty()) return {"", ""};
  return {reasons.front().code, reasons.front().clause};
}

}  // namespace

DecisionRow decision_row(const domain::DecisionRecorded& d, const domain::Event& event) {
  auto [code, clause] = first_reason(d.reasons);
  return DecisionRow{event.contract,    d.person, d.action,   d.asset,   d.asset_class, d.effect,   std::move(code),
                     std::move(clause), d.device, d.location, d.purpose, d.time,        event.actor};
}

Result<void> insert_decision(storage::Transaction& tx, const DecisionRow& row, std::uint64_t index) {
  const Param p[] = {static_cast<std::int64_t>(index),
                     Text{row.contract},
                     Text{row.person},
                     Text{row.action},
                     Text{row.asset},
                     Text{row.asset_class},
                     Text{row.effect},
                     Text{row.reason_code},
                     Text{row.clause},
                     Text{row.device},
                     Text{row.location},
                     Text{row.purpose},
                     Text{row.time},
                     Text{row.actor}};
  return tx.execute(
      "INSERT INTO decisions (ledger_index, contract_id, person_id, action, asset_id, class_id, effect, reason_code, "
      "clause, device, location, purpose, decided_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      p);
}

void register_asset_projections(Projections& p) {
  using namespace domain;
  p.own({{"asset_classes", "contract_id, id"},
         {"assets", "contract_id, id"},
         {"custody_transfers", "contract_id, id"},
         {"decisions", "ledger_index"},
         {"access_events", "ledger_index"}});
  p.add<AssetClassDefined>([](storage::Transaction& tx, const AssetClassDefined& e, const Event& event,
                              std::int64_t index) -> Result<void> {
    // The definition column holds the class's bytes as the event recorded them.
    const auto definition = TRY(canonical_json(event.data));
    const Param del[] = {Text{event.contract}, Text{e.definition.id}};
    TRY(tx.execute("DELETE FROM asset_classes WHERE contract_id = ? AND id = ?", del));
    const Param row[] = {Text{event.contract}, Text{e.definition.id}, Text{e.definition.name}, Text{definition}, index};
    return tx.execute(
        "INSERT INTO asset_classes (contract_id, id, name, definition, ledger_index) VALUES (?, ?, ?, ?, ?)", row);
  });
  p.add<AssetRegistered>([](storage::Transaction& tx, const AssetRegistered& e, const Event& event,
                            std::int64_t index) {
    const std::string origin(to_string(e.origin));
    const Param row[] = {
        Text{event.contract}, Text{e.id},       Text{e.asset_class}, Text{e.description}, Text{origin}, Text{e.copy_of},
        Text{e.media},        Text{e.quantity}, Text{e.custodian},   Text{e.location},    index};
    return tx.execute(
        "INSERT INTO assets (contract_id, id, class_id, description, origin, copy_of, media, quantity, custodian_id, "
        "location, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        row);
  });
  p.add<CustodyTransferred>([](storage::Transaction& tx, const CustodyTransferred& e, const Event& event,
                               std::int64_t index) -> Result<void> {
    const auto assets = TRY(canonical_json(event.data.at("assets")));
    const auto at = format_utc(event.at);
    const Param row[] = {Text{event.contract}, Text{e.id},   Text{assets}, Text{e.from},
                         Text{e.to},           Text{e.note}, Text{at},     index};
    return tx.execute(
        "INSERT INTO custody_transfers (contract_id, id, assets, from_person, to_person, note, transferred_at, "
        "ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        row);
  });
  p.add<CustodyAcknowledged>([](storage::Transaction& tx, const CustodyAcknowledged& e, const Event& event,
                                std::int64_t) -> Result<void> {
    const auto at = format_utc(event.at);
    const Param row[] = {Text{e.by}, Text{at}, Text{event.contract}, Text{e.transfer}};
    TRY(tx.execute(
        "UPDATE custody_transfers SET acknowledged_by = ?, acknowledged_at = ? WHERE contract_id = ? AND id = ?", row));
    // Custody moves to the receiver with the acknowledgement.
    const Param q[] = {Text{event.contract}, Text{e.transfer}};
    std::string to;
    std::vector<std::string> assets;
    TRY(tx.query("SELECT to_person, assets FROM custody_transfers WHERE contract_id = ? AND id = ?", q,
                 [&](const storage::Row& r) -> Result<void> {
                   to = std::string(r.text(0));
                   for (const auto& a : nlohmann::json::parse(r.text(1))) assets.push_back(a.get<std::string>());
                   return ok();
                 }));
    for (const auto& asset : assets) {
      const Param u[] = {Text{to}, Text{event.contract}, Text{asset}};
      TRY(tx.execute("UPDATE assets SET custodian_id = ? WHERE contract_id = ? AND id = ?", u));
    }
    return ok();
  });
  p.add<CustodyCancelled>([](storage::Transaction& tx, const CustodyCancelled& e, const Event& event,
                             std::int64_t) -> Result<void> {
    const auto at = format_utc(event.at);
    const Param row[] = {Text{e.by}, Text{at}, Text{e.reason}, Text{event.contract}, Text{e.transfer}};
    return tx.execute(
        "UPDATE custody_transfers SET cancelled_by = ?, cancelled_at = ?, cancel_reason = ? WHERE contract_id = ? AND "
        "id = ?",
        row);
  });
  p.add<ReceiptIssued>([](storage::Transaction& tx, const ReceiptIssued& e, const Event& event, std::int64_t index) {
    const Param row[] = {Text{e.number}, index, Text{event.contract}, Text{e.transfer}};
    return tx.execute(
        "UPDATE custody_transfers SET receipt_number = ?, receipt_index = ? WHERE contract_id = ? AND id = ?", row);
  });
  p.add<DecisionRecorded>(
      [](storage::Transaction& tx, const DecisionRecorded& e, const Event& event, std::int64_t index) {
        return insert_decision(tx, decision_row(e, event), static_cast<std::uint64_t>(index));
      });
  p.add<AccessRecorded>([](storage::Transaction& tx, const AccessRecorded& e, const Event& event, std::int64_t index) {
    const auto [code, clause] = first_reason(e.reasons);
    const Param row[] = {index,
                         Text{event.contract},
                         Text{e.person},
                         Text{e.action},
                         Text{e.asset},
                         Text{e.asset_class},
                         Text{e.device},
                         Text{e.location},
                         Text{e.purpose},
                         Text{e.time},
                         Text{e.rule_effect},
                         Text{code},
                         Text{clause},
                         e.matched_decision ? Param{e.matched_decision} : Param{nullptr},
                         Text{event.actor}};
    return tx.execute(
        "INSERT INTO access_events (ledger_index, contract_id, person_id, action, asset_id, class_id, device, "
        "location, purpose, accessed_at, rule_effect, reason_code, clause, matched_decision, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        row);
  });
  // The city's reviews of the monitoring (長野市 第3) are few and read from the state.
  p.add_unprojected<MonitoringReviewed>();
}

}  // namespace itaku::service
