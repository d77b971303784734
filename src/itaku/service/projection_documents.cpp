// The SQL projection of issued documents (document.issued, compliance.reported; data/migrations/0005_documents.sql).

#include "itaku/domain/document_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

void register_document_projections(Projections& p) {
  using namespace domain;
  using storage::Param;
  using storage::Text;
  p.own({{"issued_documents", "sha256"}});
  p.add<DocumentIssued>([](storage::Transaction& tx, const DocumentIssued& e, const Event& event, std::int64_t index) {
    const auto at = format_utc(event.at);
    const Param row[] = {Text{e.sha256},
                         Text{event.contract},
                         Text{e.kind},
                         static_cast<std::int64_t>(e.of),
                         static_cast<std::int64_t>(e.size),
                         Text{event.actor},
                         Text{at},
                         index};
    return tx.execute(
        "INSERT INTO issued_documents (sha256, contract_id, kind, of_index, size, issued_by, issued_at, "
        "ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        row);
  });
  // What a report says is kept in the ledger; its PDF is a document.issued above, and its
  // tables' bytes are stored with it (document_files).
  p.add_unprojected<ComplianceReported>();
}

}  // namespace itaku::service
