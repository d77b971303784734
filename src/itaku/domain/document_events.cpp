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
}

}  // namespace itaku::domain
