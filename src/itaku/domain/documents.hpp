#pragma once
// Issued documents (docs/EVENTS.md, document.issued): the files itaku hands out, each bound to
// the ledger entry it documents by the SHA-256 of its bytes.
//
// The command is declared here (kName, members(); see commands.hpp, whose Command holds it);
// its rule, decide_document, is internal to the domain module: callers use decide().

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/document_events.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

// document.issued: a printed document (a receipt; later certificates and reports) was handed
// out as a file. The SHA-256 of its exact bytes binds that file to the fact it documents
// (the ledger index `of`), so a file changed in any byte no longer verifies.
struct IssueDocument {
  static constexpr std::string_view kName = "document.issue";
  // kind: "receipt" (of: the receipt.issued entry), "compliance_report" (of: the
  // compliance.reported entry), "training_report" (of: the training.reported entry) or
  // "approval" (承認書; of: the approval.decided entry that approved it), "disposal_certificate"
  // (廃棄・消去証明書; of: the assets.disposed entry) or "destruction_report" (記録媒体の破壊報告書;
  // of: the media.destroyed entry)
  std::string contract, kind;
  std::uint64_t of = 0;
  std::string sha256;  // 64 lowercase hexadecimal digits
  std::uint64_t size = 0;
  static constexpr auto members() {
    using T = IssueDocument;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("kind", &T::kind)
            .label("文書の種類", "Kind")
            .help("receipt（受領証）、compliance_report（遵守状況報告書）、training_report（教育の実施状況報告書）又は "
                  "approval（承認書）",
                  "receipt, compliance_report, training_report or approval"),
        schema::member("of", &T::of).label("対象の台帳番号", "Of entry"),
        schema::member("sha256", &T::sha256).label("SHA-256", "SHA-256").format(schema::Format::Digest),
        schema::member("size", &T::size).label("バイト数", "Size in bytes")};
  }
};

// compliance.reported: the service records a compliance report it evaluated and rendered
// (service/compliance_documents.hpp); people do not write reports by hand.
struct RecordComplianceReport {
  static constexpr std::string_view kName = "compliance.report";
  std::string contract;
  Timestamp as_of{};
  std::uint64_t ledger_size = 0;
  std::vector<std::string> parties;
  std::vector<ReportedClause> clauses;
  std::map<std::string, std::uint64_t> counts;
  std::vector<ReportedFile> files;
  static constexpr auto members() {
    using T = RecordComplianceReport;
    return std::tuple{schema::member("contract", &T::contract).refers("contract"),
                      schema::member("as_of", &T::as_of),
                      schema::member("ledger_size", &T::ledger_size),
                      schema::member("parties", &T::parties),
                      schema::member("clauses", &T::clauses),
                      schema::member("counts", &T::counts),
                      schema::member("files", &T::files)};
  }
};

Result<std::vector<Event>> decide_compliance_report(const State& state, const RecordComplianceReport& c,
                                                    const Actor& actor, Timestamp now);

Result<std::vector<Event>> decide_document(const State& state, const IssueDocument& c, const Actor& actor,
                                           Timestamp now);

}  // namespace itaku::domain
