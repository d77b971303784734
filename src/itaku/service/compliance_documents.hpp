#pragma once
// Compliance reports as documents, and the auditor's evidence package (docs/COMPLIANCE.md).
//
// A report is issued, never just printed: the contract is evaluated as the principal may read
// it (Service::compliance), its table is written as CSV and XLSX, and compliance.reported
// records what it says clause by clause with the two tables' hashes; the A4 PDF is then
// rendered with that entry's inclusion proof inside and a QR code to the public check, and
// recorded as a document.issued of kind compliance_report. All three files' bytes are kept,
// so every later download is the same file and any copy can be checked against the ledger.
//
// The evidence package is one ZIP of everything an auditor takes away about one contract: a
// freshly issued report (PDF, CSV, XLSX), every document issued for the contract that they may
// read, and the excerpt of the ledger they may read about it (ledger/excerpt.hpp) proving that
// all of it is recorded. `itaku ledger verify --bundle package.zip --key <city key>` checks
// it offline.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/compliance/compliance.hpp"
#include "itaku/core/result.hpp"
#include "itaku/domain/principal.hpp"
#include "itaku/ledger/excerpt.hpp"
#include "itaku/service/document_files.hpp"

namespace itaku::service {

class Service;

struct IssuedComplianceReport {
  std::uint64_t index = 0;  // of its compliance.reported entry
  compliance::Report report;
  std::string pdf, csv, xlsx;
};

// Issues a report of `contract` as `principal` may read it, now or as of `at` (the errors of
// Service::compliance). The QR code leads to compliance_report_link(base_url, …).
Result<IssuedComplianceReport> issue_compliance_report(Service& service, const std::string& contract,
                                                       const domain::Principal& principal,
                                                       std::optional<std::string_view> at, const std::string& base_url);

// One file of the report recorded at `index` ("pdf", "csv" or "xlsx"), the very bytes issued,
// for whoever may read that report (domain::may_read_compliance_report);
// compliance.report_unknown (404) otherwise.
// The format a report file's name in a URL asks for ("report.pdf" → "pdf"); "" for any other.
std::string_view report_file_format(std::string_view file);
Result<ReportFile> compliance_report_file(Service& service, const std::string& contract, std::uint64_t index,
                                          std::string_view format, const domain::Principal& principal);

// `base_url`/compliance-reports/verify?index=N&k=<token>: the token is derived from the
// compliance.reported entry, which only the report itself carries.
std::string compliance_report_link(const std::string& base_url, std::uint64_t index, std::string_view entry);

// What the public verification page shows for the link printed on a report: what the ledger
// holds of it, to compare with the paper.
struct PublicComplianceReport {
  std::uint64_t index = 0;
  std::string origin;
  std::string city, contract_number, contract_title, provisions;
  Timestamp as_of{};
  Timestamp issued_at{};
  std::uint64_t ledger_size = 0;
  std::vector<std::string> parties;  // names as the contract gives them; empty: the whole contract
  struct Clause {
    std::string number, title, status;
  };
  std::vector<Clause> clauses;
  std::vector<std::pair<std::string, std::uint64_t>> counts;  // status → controls, worst first
  struct File {
    std::string format, sha256;
    std::uint64_t size = 0;
  };
  std::vector<File> files;  // pdf (when issued), csv, xlsx
};
// compliance.report_unknown (404) when the index is not a report or the token is not its own.
Result<PublicComplianceReport> public_compliance_report(Service& service, std::uint64_t index, std::string_view token);
// The same record for a reader of the report (domain::may_read_compliance_report), with the
// path of its public check (compliance_report_link without a base URL).
struct ReadableComplianceReport {
  PublicComplianceReport record;
  std::string verify_path;
};
Result<ReadableComplianceReport> compliance_report_record(Service& service, const std::string& contract,
                                                          std::uint64_t index, const domain::Principal& principal);

// The evidence package of `contract` for `principal` (a ZIP), issuing a report for it.
struct EvidencePackage {
  std::string zip;
  std::string filename;  // itaku-evidence-<contract number>-<date>.zip
  std::uint64_t report_index = 0;
  std::size_t entries = 0;  // ledger entries in its excerpt
};
Result<EvidencePackage> evidence_package(Service& service, const std::string& contract,
                                         const domain::Principal& principal, const std::string& base_url);

// What an offline check of a package found: the excerpt, and for every file in the package the
// ledger entry that records its bytes.
struct VerifiedPackageFile {
  std::string name, sha256;
  std::uint64_t recorded_by = 0;  // the ledger index of the entry holding its hash
  std::string what;               // e.g. "document.issued (receipt of #41)"
};
struct VerifiedPackage {
  ledger::VerifiedExcerpt excerpt;
  std::string contract;
  std::vector<VerifiedPackageFile> files;
};
// Checks a package offline: the excerpt against `trusted_key` (or its own key), then that every
// file but README.txt has exactly the bytes an entry of the excerpt records, for that contract.
// Errors: those of documents::read_zip and ledger::verify_excerpt, package.malformed (Invalid:
// no excerpt, or entries of several contracts), package.file_unrecorded (Tampered: a file whose
// bytes no entry records, with its name).
Result<VerifiedPackage> verify_evidence_package(std::string_view zip, const std::optional<std::string>& trusted_key);

// Whether bytes look like a ZIP (what `itaku ledger verify --bundle` checks first).
bool is_zip(std::string_view bytes);

}  // namespace itaku::service
