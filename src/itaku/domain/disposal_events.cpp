#include "itaku/domain/disposal_events.hpp"

#include <algorithm>

#include "itaku/domain/state.hpp"

namespace itaku::domain {

void register_disposal_events(EventTypes& types) {
  types.add<DisposalInstructed>(
      [](State& state, const DisposalInstructed& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        it->second.disposal_instructions[e.id] =
            DisposalInstruction{e.id, e.assets, e.disposition, e.due, e.note, e.by, event.at, index};
        return ok();
      });
  types.add<AssetsDisposed>([](State& state, const AssetsDisposed& e, const Event& event,
                               std::uint64_t index) -> Result<void> {
    auto it = state.contracts.find(event.contract);
    if (it == state.contracts.end()) return cannot_apply(event, "contract");
    auto& contract = it->second;
    for (const auto& id : e.assets) {
      auto asset = contract.assets.find(id);
      if (asset == contract.assets.end()) return cannot_apply(event, "asset " + id);
      if (!asset->second.disposal.empty()) return cannot_apply(event, "asset already disposed of: " + id);
      asset->second.disposal = e.id;
    }
    contract.disposals[e.id] = DisposalRecord{e.id,    e.organisation, e.assets,       e.disposition,  e.method,
                                              e.media, e.performed_by, e.witnessed_by, e.performed_on, e.instruction,
                                              e.note,  event.actor,    event.at,       index};
    return ok();
  });
  types.add<CreatedAssetsReported>(
      [](State& state, const CreatedAssetsReported& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        CreatedAssetsReport report;
        report.organisation = e.organisation;
        report.items = e.items;
        report.note = e.note;
        report.by = e.by;
        report.at = event.at;
        report.ledger_index = index;
        it->second.created_assets_reports.push_back(std::move(report));
        return ok();
      });
  types.add<CreatedAssetsAcknowledged>(
      [](State& state, const CreatedAssetsAcknowledged& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        auto& reports = it->second.created_assets_reports;
        auto report =
            std::ranges::find_if(reports, [&](const CreatedAssetsReport& r) { return r.ledger_index == e.report; });
        if (report == reports.end() || report->organisation != e.organisation)
          return cannot_apply(event, "created-assets report");
        report->acknowledged_by = e.by;
        report->acknowledged_at = event.at;
        report->acknowledged_index = index;
        return ok();
      });
}

}  // namespace itaku::domain
