#include "itaku/domain/document_events.hpp"

#include "itaku/domain/state.hpp"

namespace itaku::domain {

void register_document_events(EventTypes& types) {
  types.add<DocumentIssued>(
      [](State& state, const DocumentIssued& e, const Event& event, std::uint64_t index) -> Result<void> {
        IssuedDocument doc{e.kind, event.contract, e.of, e.sha256, e.size, event.actor, event.at, index};
        state.document_for[{doc.kind, doc.of}] = doc.sha256;
        state.documents[doc.sha256] = std::move(doc);
        return ok();
      });
  types.add<ComplianceReported>(
      [](State& state, const ComplianceReported& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto contract = state.contracts.find(event.contract);
        if (contract == state.contracts.end()) return cannot_apply(event, "contract");
        contract->second.compliance_reports[index] =
            ComplianceReportRecord{e.as_of, {e.parties.begin(), e.parties.end()}, event.actor, event.at};
        return ok();
      });
}

}  // namespace itaku::domain
