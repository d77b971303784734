#pragma once
// The city's written approval as a document (承認書; 長野市 第5〜第7, 木更津市 第3条, 第12条). It is
// made the first time it is asked for once the city has approved: the approval as the state holds
// it is laid out (approval_view) with the inclusion proof of its approval.decided entry inside and
// a QR code to the public check, recorded as a document.issued of kind "approval" whose `of` is
// that entry, and its bytes kept in the same transaction; every later download is that file. The
// public check shows the same view from the ledger's state, and where the approval stands now
// (revoked, or its period over), so that a person holding the paper can compare it line by line.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/documents/approval_document.hpp"
#include "itaku/domain/principal.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/service/document_files.hpp"

namespace itaku::service {

class Service;

// What a 承認書 prints of `approval` of `contract`, every text as printed (names, not ids; dates
// in 和暦); the ledger block is left to the caller.
documents::ApprovalDocument approval_view(const domain::State& state, const domain::Contract& contract,
                                          const domain::Approval& approval);

// The 承認書 of approval `id` of `contract`, for whoever may read the approval
// (domain::may_read_approval): the file issued before, or, the first time, rendered with its QR
// code leading to approval_link(base_url, …) and recorded. approval.unknown (404) for an approval
// the principal may not read; approval.not_approved (409) while the city has not approved it
// (requested, refused, withdrawn).
Result<ReportFile> approval_document(Service& service, const std::string& contract, const std::string& id,
                                     const domain::Principal& principal, const std::string& base_url);

// `base_url`/approvals/verify?index=N&k=<token>, N the approval.decided entry (the path alone
// when base_url is empty); the token is derived from that entry.
std::string approval_link(const std::string& base_url, std::uint64_t index, std::string_view entry);
// The path of the public check of the approval decided at `index`, for a reader of it.
Result<std::string> approval_verify_path(Service& service, std::uint64_t index);

// What the public check shows for the link printed on a 承認書.
struct PublicApproval {
  std::uint64_t index = 0;  // of the approval.decided entry
  std::string origin;
  documents::ApprovalDocument printed;  // as approval_view lays it out from the state now
  std::string status_ja;  // 承認（有効）, 承認（期間終了）, 取消し（令和…、理由）
  std::int64_t used = 0;  // decisions allowed under it so far
  std::optional<domain::IssuedDocument> document;  // the PDF issued, when it has been
};
// approval.unknown (404) when the index is not an approval's decision or the token not its own.
Result<PublicApproval> public_approval(Service& service, std::uint64_t index, std::string_view token);

}  // namespace itaku::service
