// The SQL projection of the information-asset events: classes, the register, hand-overs,
// receipts, decisions and observed accesses (data/migrations/*/0004_assets.sql).

#include "itaku/core/canonical_json.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

namespace {

using storage::Param;
using storage::Text;

std::string str(const nlohmann::json& d, const char* key) { return d.value(key, std::string()); }

// The deciding reason of a decision or access record: the first one, if any.
std::pair<std::string, std::string> first_reason(const nlohmann::json& d) {
  const auto reasons = d.find("reasons");
  if (reasons == d.end() || !reasons->is_array() || reasons->empty()) return {"", ""};
  return {str(reasons->front(), "code"), str(reasons->front(), "clause")};
}

}  // namespace

DecisionRow decision_row(const domain::Event& event) {
  const auto& d = event.data;
  auto [code, clause] = first_reason(d);
  return DecisionRow{event.contract,    str(d, "person"), str(d, "action"),  str(d, "asset"),  str(d, "class"),
                     str(d, "effect"),  std::move(code),  std::move(clause), str(d, "device"), str(d, "location"),
                     str(d, "purpose"), str(d, "time"),   event.actor};
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

Result<bool> project_asset_event(storage::Transaction& tx, const domain::Event& event, std::int64_t index) {
  const auto& d = event.data;
  const auto at = format_utc(event.at);
  if (event.type == "asset_class.defined") {
    const auto id = str(d, "id"), name = str(d, "name");
    const auto definition = TRY(canonical_json(d));
    const Param del[] = {Text{event.contract}, Text{id}};
    TRY(tx.execute("DELETE FROM asset_classes WHERE contract_id = ? AND id = ?", del));
    const Param p[] = {Text{event.contract}, Text{id}, Text{name}, Text{definition}, index};
    TRY(tx.execute("INSERT INTO asset_classes (contract_id, id, name, definition, ledger_index) VALUES (?, ?, ?, ?, ?)",
                   p));
    return true;
  }
  if (event.type == "asset.registered") {
    const auto id = str(d, "id"), cls = str(d, "class"), description = str(d, "description"), origin = str(d, "origin"),
               copy_of = str(d, "copy_of"), media = str(d, "media"), quantity = str(d, "quantity"),
               custodian = str(d, "custodian"), location = str(d, "location");
    const Param p[] = {Text{event.contract}, Text{id},       Text{cls},   Text{description},
                       Text{origin},         Text{copy_of},  Text{media}, Text{quantity},
                       Text{custodian},      Text{location}, index};
    TRY(tx.execute(
        "INSERT INTO assets (contract_id, id, class_id, description, origin, copy_of, media, quantity, custodian_id, "
        "location, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p));
    return true;
  }
  if (event.type == "custody.transferred") {
    const auto id = str(d, "id"), from = str(d, "from"), to = str(d, "to"), note = str(d, "note");
    const auto assets = TRY(canonical_json(d.at("assets")));
    const Param p[] = {Text{event.contract}, Text{id}, Text{assets}, Text{from}, Text{to}, Text{note}, Text{at}, index};
    TRY(tx.execute(
        "INSERT INTO custody_transfers (contract_id, id, assets, from_person, to_person, note, transferred_at, "
        "ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        p));
    return true;
  }
  if (event.type == "custody.acknowledged") {
    const auto transfer = str(d, "transfer"), by = str(d, "by");
    const Param p[] = {Text{by}, Text{at}, Text{event.contract}, Text{transfer}};
    TRY(tx.execute(
        "UPDATE custody_transfers SET acknowledged_by = ?, acknowledged_at = ? WHERE contract_id = ? AND id = ?", p));
    // Custody moves to the receiver with the acknowledgement.
    const Param q[] = {Text{event.contract}, Text{transfer}};
    std::string to;
    std::vector<std::string> assets;
    TRY(tx.query("SELECT to_person, assets FROM custody_transfers WHERE contract_id = ? AND id = ?", q,
                 [&](const storage::Row& row) -> Result<void> {
                   to = std::string(row.text(0));
                   for (const auto& a : nlohmann::json::parse(row.text(1))) assets.push_back(a.get<std::string>());
                   return ok();
                 }));
    for (const auto& asset : assets) {
      const Param u[] = {Text{to}, Text{event.contract}, Text{asset}};
      TRY(tx.execute("UPDATE assets SET custodian_id = ? WHERE contract_id = ? AND id = ?", u));
    }
    return true;
  }
  if (event.type == "receipt.issued") {
    const auto transfer = str(d, "transfer"), number = str(d, "number");
    const Param p[] = {Text{number}, index, Text{event.contract}, Text{transfer}};
    TRY(tx.execute(
        "UPDATE custody_transfers SET receipt_number = ?, receipt_index = ? WHERE contract_id = ? AND id = ?", p));
    return true;
  }
  if (event.type == "decision.recorded") {
    TRY(insert_decision(tx, decision_row(event), static_cast<std::uint64_t>(index)));
    return true;
  }
  if (event.type == "access.recorded") {
    const auto [code, clause] = first_reason(d);
    const auto person = str(d, "person"), action = str(d, "action"), asset = str(d, "asset"), cls = str(d, "class"),
               effect = str(d, "rule_effect"), device = str(d, "device"), location = str(d, "location"),
               purpose = str(d, "purpose"), time = str(d, "time");
    const auto matched = d.value("matched_decision", std::int64_t{0});
    const Param p[] = {index,
                       Text{event.contract},
                       Text{person},
                       Text{action},
                       Text{asset},
                       Text{cls},
                       Text{device},
                       Text{location},
                       Text{purpose},
                       Text{time},
                       Text{effect},
                       Text{code},
                       Text{clause},
                       matched ? Param{matched} : Param{nullptr},
                       Text{event.actor}};
    TRY(tx.execute(
        "INSERT INTO access_events (ledger_index, contract_id, person_id, action, asset_id, class_id, device, "
        "location, purpose, accessed_at, rule_effect, reason_code, clause, matched_decision, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p));
    return true;
  }
  return false;
}

}  // namespace itaku::service
