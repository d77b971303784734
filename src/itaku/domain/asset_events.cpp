#include "itaku/domain/asset_events.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "itaku/domain/state.hpp"

namespace itaku::domain {

namespace {

// Registers an asset event E whose change is made to the event's contract.
template <class E, class F>
void add_to_contract(EventTypes& types, F change) {
  types.add<E>([change](State& state, const E& e, const Event& event, std::uint64_t index) -> Result<void> {
    auto it = state.contracts.find(event.contract);
    if (it == state.contracts.end()) return cannot_apply(event, "contract");
    return change(it->second, e, event, index);
  });
}

}  // namespace

void register_asset_events(EventTypes& types) {
  add_to_contract<AssetClassDefined>(
      types,
      [](Contract& contract, const AssetClassDefined& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto definition = e.definition;
        definition.defined_index = index;
        definition.defined_at = event.at;
        contract.asset_classes[definition.id] = std::move(definition);
        return ok();
      });
  add_to_contract<AssetRegistered>(
      types, [](Contract& contract, const AssetRegistered& e, const Event& event, std::uint64_t index) -> Result<void> {
        Asset a;
        a.id = e.id;
        a.asset_class = e.asset_class;
        a.description = e.description;
        a.origin = e.origin;
        a.copy_of = e.copy_of;
        a.approval = e.approval;
        a.media = e.media;
        a.quantity = e.quantity;
        a.custodian = e.custodian;
        a.location = e.location;
        a.registered_index = index;
        if (!a.approval.empty()) {
          const auto approval = contract.approvals.find(a.approval);
          if (approval == contract.approvals.end()) return cannot_apply(event, "approval");
          approval->second.copies_registered.push_back(a.id);
        }
        contract.assets[a.id] = std::move(a);
        return ok();
      });
  add_to_contract<CustodyTransferred>(
      types,
      [](Contract& contract, const CustodyTransferred& e, const Event& event, std::uint64_t index) -> Result<void> {
        Transfer t;
        t.id = e.id;
        t.contract = contract.id;
        t.assets = e.assets;
        t.from = e.from;
        t.to = e.to;
        t.from_organisation = e.from_organisation;
        t.to_organisation = e.to_organisation;
        t.from_city = e.from_city;
        t.note = e.note;
        t.at = event.at;
        t.ledger_index = index;
        for (const auto& asset : t.assets) {
          auto a = contract.assets.find(asset);
          if (a == contract.assets.end()) return cannot_apply(event, "asset");
          a->second.pending_transfer = t.id;
        }
        contract.transfers[t.id] = std::move(t);
        return ok();
      });
  add_to_contract<CustodyAcknowledged>(
      types,
      [](Contract& contract, const CustodyAcknowledged& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto t = contract.transfers.find(e.transfer);
        if (t == contract.transfers.end()) return cannot_apply(event, "transfer");
        // What the command guarantees is checked again here, so that a ledger that breaks it (two
        // instances that both accepted the acknowledgement) is refused by replay and start-up.
        if (t->second.acknowledged_by)
          return cannot_apply(event, fmt::format("entry #{}: hand-over {} was already acknowledged at #{}", index,
                                                 e.transfer, t->second.acknowledged_index));
        if (t->second.cancelled_by)
          return cannot_apply(event, fmt::format("entry #{}: hand-over {} was cancelled at #{}", index, e.transfer,
                                                 t->second.cancelled_index));
        t->second.acknowledged_by = e.by;
        t->second.acknowledged_at = event.at;
        t->second.acknowledged_index = index;
        for (const auto& asset : t->second.assets) {
          auto a = contract.assets.find(asset);
          if (a == contract.assets.end()) return cannot_apply(event, "asset");
          a->second.custodian = t->second.to;
          a->second.pending_transfer.clear();
        }
        return ok();
      });
  add_to_contract<CustodyCancelled>(
      types,
      [](Contract& contract, const CustodyCancelled& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto t = contract.transfers.find(e.transfer);
        if (t == contract.transfers.end()) return cannot_apply(event, "transfer");
        if (!t->second.pending())
          return cannot_apply(event, fmt::format("entry #{}: hand-over {} no longer waits", index, e.transfer));
        t->second.cancelled_by = e.by;
        t->second.cancelled_at = event.at;
        t->second.cancelled_index = index;
        t->second.cancel_reason = e.reason;
        for (const auto& asset : t->second.assets)
          if (auto a = contract.assets.find(asset);
              a != contract.assets.end() && a->second.pending_transfer == e.transfer)
            a->second.pending_transfer.clear();
        return ok();
      });
  add_to_contract<ReceiptIssued>(
      types, [](Contract& contract, const ReceiptIssued& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto t = contract.transfers.find(e.transfer);
        if (t == contract.transfers.end()) return cannot_apply(event, "transfer");
        if (t->second.receipt_index != 0)
          return cannot_apply(event, fmt::format("entry #{}: hand-over {} already has its receipt at #{}", index,
                                                 e.transfer, t->second.receipt_index));
        // Receipts are numbered in sequence within the contract: a number given twice is not.
        const auto issued = std::count_if(contract.transfers.begin(), contract.transfers.end(),
                                          [](const auto& other) { return other.second.receipt_index != 0; });
        const auto expected = fmt::format("{}-R{:04d}", contract.number, issued + 1);
        if (e.number != expected)
          return cannot_apply(event, fmt::format("entry #{}: receipt number {} out of sequence ({} expected)", index,
                                                 e.number, expected));
        t->second.receipt_index = index;
        return ok();
      });
}

}  // namespace itaku::domain
