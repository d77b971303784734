#pragma once
// Training reports as documents (長野市 第4: 市が必要とする場合は、その教育の内容及び実施状況を
// 提示しなければならない).
//
// A report is issued, never just printed, as a compliance report is (compliance_documents.hpp):
// the standing of one party's workers is read as the issuer may read it (domain::worker_standings,
// may_read_obligations), its table is written as CSV and XLSX, training.reported records the
// counts and the two tables' hashes, then the A4 PDF is rendered with that entry's inclusion
// proof inside and a QR code to the public check, and recorded as a document.issued of kind
// training_report. All three files' bytes are kept, so a later download is the same file.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/domain/principal.hpp"
#include "itaku/service/compliance_documents.hpp"

namespace itaku::service {

class Service;

struct IssuedTrainingReport {
  std::uint64_t index = 0;  // of its training.reported entry
  std::string pdf, csv, xlsx;
};

// Issues the training report of party `organisation` (乙 or a 丙) of `contract` as `principal`
// may: domain::may_issue_training_report, else training.report_forbidden (403) — or
// contract.unknown (404) for a contract they may not see. The QR code leads to
// training_report_link(base_url, …).
Result<IssuedTrainingReport> issue_training_report(Service& service, const std::string& contract,
                                                   const std::string& organisation, const domain::Principal& principal,
                                                   const std::string& base_url);

// One file of the report recorded at `index` ("pdf", "csv" or "xlsx"), the very bytes issued,
// for whoever may read it (domain::may_read_training_report); training.report_unknown (404)
// otherwise.
Result<ReportFile> training_report_file(Service& service, const std::string& contract, std::uint64_t index,
                                        std::string_view format, const domain::Principal& principal);

// `base_url`/training-reports/verify?index=N&k=<token> (the token derived from the entry).
std::string training_report_link(const std::string& base_url, std::uint64_t index, std::string_view entry);

// What the public check shows of a report: what the ledger holds, to compare with the paper.
struct PublicTrainingReport {
  std::uint64_t index = 0;
  std::string origin;
  std::string city, contract_number, contract_title, party;
  Timestamp as_of{};
  Timestamp issued_at{};
  std::uint64_t workers = 0;
  std::vector<std::pair<std::string, std::uint64_t>> counts;  // training status → workers
  struct File {
    std::string format, sha256;
    std::uint64_t size = 0;
  };
  std::vector<File> files;  // pdf, csv, xlsx
};
// training.report_unknown (404) when the index is not a training report or the token not its own.
Result<PublicTrainingReport> public_training_report(Service& service, std::uint64_t index, std::string_view token);

// The reports of `contract` the principal may read, newest first, each with the path of its
// public check.
struct ReadableTrainingReport {
  PublicTrainingReport record;
  std::string verify_path;
};
Result<std::vector<ReadableTrainingReport>> training_reports(Service& service, const std::string& contract,
                                                             const domain::Principal& principal);
// The one report recorded at `index`, for a reader of it; training.report_unknown (404) otherwise.
Result<ReadableTrainingReport> training_report_record(Service& service, const std::string& contract,
                                                      std::uint64_t index, const domain::Principal& principal);

}  // namespace itaku::service
