#pragma once
// The written proofs of the end of the city's data (長野市 第9-2, 木更津市 第5条-1, 第14条-2): the
// 廃棄・消去証明書 of an act of disposal or erasure (assets.disposed), and the 記録媒体破壊報告書
// of the destruction of a device's storage media (media.destroyed). Each stands for its entry:
// made the first time it is asked for, with the entry's inclusion proof inside and a QR code to
// its public check, recorded as a document.issued of kind "disposal_certificate" or
// "destruction_report" with its bytes kept; every later download is that file (entry_document).
// Issuing it is what the compliance controls disposal.certified and media.destruction_reported
// count. The public check shows the same view from the ledger's state.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "itaku/core/result.hpp"
#include "itaku/documents/destruction_report.hpp"
#include "itaku/documents/disposal_certificate.hpp"
#include "itaku/domain/principal.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/service/document_files.hpp"

namespace itaku::service {

class Service;

// What the certificate of act `record` of `contract` prints (names, not ids; dates in 和暦),
// issued on `issued` (YYYY-MM-DD); the ledger block is left to the caller.
documents::DisposalCertificate disposal_certificate_view(const domain::State& state, const domain::Contract& contract,
                                                         const domain::DisposalRecord& record,
                                                         const std::string& issued);
// The same for the report of `destruction` of `device`.
documents::DestructionReport destruction_report_view(const domain::State& state, const domain::Contract& contract,
                                                     const domain::Device& device,
                                                     const domain::MediaDestruction& destruction,
                                                     const std::string& issued);

// The certificate of act `id` of `contract`, for whoever may read the act (may_read_disposal):
// disposal.unknown (404) otherwise. Its QR code leads to base_url/disposals/verify?index=N&k=….
Result<ReportFile> disposal_certificate(Service& service, const std::string& contract, const std::string& id,
                                        const domain::Principal& principal, const std::string& base_url);
// The report of the `n`th destruction (1-based) of device `id`, for whoever may read the device
// (may_read_device): device.unknown / media.destruction_unknown (404) otherwise.
Result<ReportFile> destruction_report(Service& service, const std::string& contract, const std::string& id,
                                      std::size_t n, const domain::Principal& principal, const std::string& base_url);

// The paths of the public checks.
inline constexpr std::string_view kDisposalVerifyPath = "/disposals/verify";
inline constexpr std::string_view kDestructionVerifyPath = "/destructions/verify";

// The path with query of the public check (kDisposalVerifyPath or kDestructionVerifyPath) of
// the document of the entry at `index`, as its QR code prints it.
Result<std::string> disposal_verify_path(Service& service, std::string_view path, std::uint64_t index);

// What the public check shows for the link printed on a certificate or a report: the document as
// the ledger's state lays it out now, and the file issued for it.
struct PublicEntryDocument {
  std::uint64_t index = 0;
  std::string origin;
  std::string kind;  // disposal_certificate or destruction_report
  std::optional<documents::DisposalCertificate> certificate;
  std::optional<documents::DestructionReport> report;
  std::optional<domain::IssuedDocument> document;
};
// disposal.unknown (404) when the index is not such an entry or the token is not its own.
Result<PublicEntryDocument> public_disposal_document(Service& service, std::string_view path, std::uint64_t index,
                                                     std::string_view token);

}  // namespace itaku::service
