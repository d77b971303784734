#pragma once
// document.issued: a printed document (a receipt, a compliance report; later certificates) was
// handed out as a file. The SHA-256 of its exact bytes binds that file to the fact it documents.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"

namespace itaku::domain {

struct DocumentIssued {
  static constexpr std::string_view kType = "document.issued";
  std::string kind;      // "receipt" or "compliance_report"
  std::uint64_t of = 0;  // the ledger index of the fact it documents
  std::string sha256;    // 64 lowercase hexadecimal digits
  std::uint64_t size = 0;
  static constexpr auto members() {
    using T = DocumentIssued;
    return std::tuple{schema::member("kind", &T::kind), schema::member("of", &T::of),
                      schema::member("sha256", &T::sha256), schema::member("size", &T::size)};
  }
};

// One clause of a compliance report as recorded: its number and status (compliance::Status
// in its machine form: violated, due, not_tracked, manual_check, met, not_applicable).
struct ReportedClause {
  std::string number, status;
  static constexpr auto members() {
    using T = ReportedClause;
    return std::tuple{schema::member("number", &T::number), schema::member("status", &T::status)};
  }
};

// A file handed out with a compliance report besides its PDF (the table as CSV or XLSX).
struct ReportedFile {
  std::string format;  // "csv" or "xlsx"
  std::string sha256;
  std::uint64_t size = 0;
  static constexpr auto members() {
    using T = ReportedFile;
    return std::tuple{schema::member("format", &T::format), schema::member("sha256", &T::sha256),
                      schema::member("size", &T::size)};
  }
};

// compliance.reported: a compliance report of the contract was issued (docs/COMPLIANCE.md):
// what it says, clause by clause, evaluated at `as_of` over the first `ledger_size` entries,
// for the whole contract or only the findings of `parties`, and the hashes of its tables. Its
// PDF is the document.issued of kind compliance_report whose `of` is this entry, so the paper,
// the tables and the public verification page can all be compared with what is recorded here.
struct ComplianceReported {
  static constexpr std::string_view kType = "compliance.reported";
  Timestamp as_of{};
  std::uint64_t ledger_size = 0;
  std::vector<std::string> parties;  // empty: the whole contract
  std::vector<ReportedClause> clauses;
  std::map<std::string, std::uint64_t> counts;  // status → controls
  std::vector<ReportedFile> files;
  static constexpr auto members() {
    using T = ComplianceReported;
    return std::tuple{schema::member("as_of", &T::as_of),     schema::member("ledger_size", &T::ledger_size),
                      schema::member("parties", &T::parties), schema::member("clauses", &T::clauses),
                      schema::member("counts", &T::counts),   schema::member("files", &T::files)};
  }
};

void register_document_events(EventTypes& types);

}  // namespace itaku::domain
