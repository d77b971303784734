#include "itaku/domain/documents.hpp"

#include <algorithm>
#include <array>

#include "itaku/domain/document_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

using namespace rules;

namespace {

Result<void> check_file_hash(const std::string& sha256, std::uint64_t size) {
  const bool hex = sha256.size() == 64 && std::all_of(sha256.begin(), sha256.end(), [](char ch) {
                     return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
                   });
  if (!hex || size == 0)
    return invalid("document.hash_invalid", "文書のハッシュ値が正しくありません",
                   "the document's hash is not a SHA-256 in hexadecimal");
  return ok();
}

}  // namespace

Result<std::vector<Event>> decide_compliance_report(const State& state, const RecordComplianceReport& c,
                                                    const Actor& actor, Timestamp now) {
  const auto* contract = state.contract(c.contract);
  if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
  for (const auto& party : c.parties)
    if (!contract->party(party))
      return invalid("compliance.party_unknown", "報告書の対象の当事者が契約にありません",
                     "a party the report covers is not a party of the contract")
          .with("party", party);
  static constexpr std::array<std::string_view, 6> kStatuses = {"violated",     "due", "not_tracked",
                                                                "manual_check", "met", "not_applicable"};
  const auto known = [](const std::string& status) {
    return std::find(kStatuses.begin(), kStatuses.end(), status) != kStatuses.end();
  };
  for (const auto& clause : c.clauses)
    if (!known(clause.status))
      return invalid("compliance.status_unknown", "状況の値が正しくありません", "unknown status")
          .with("status", clause.status);
  for (const auto& [status, count] : c.counts)
    if (!known(status))
      return invalid("compliance.status_unknown", "状況の値が正しくありません", "unknown status")
          .with("status", status);
  for (const auto& file : c.files) {
    if (file.format != "csv" && file.format != "xlsx")
      return invalid("document.kind_unknown", "文書の種類が正しくありません", "unknown kind of document")
          .with("kind", file.format);
    TRY(check_file_hash(file.sha256, file.size));
  }
  if (c.as_of > now || c.ledger_size > state.next_index)
    return invalid("compliance.report_ahead", "報告書が記録より先の時点を示しています",
                   "the report is of a time or ledger size not reached yet");
  return std::vector{make_event(ComplianceReported{c.as_of, c.ledger_size, c.parties, c.clauses, c.counts, c.files},
                                actor, now, c.contract)};
}

Result<std::vector<Event>> decide_document(const State& state, const IssueDocument& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = state.contract(c.contract);
  if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
  // Each kind names the event it documents.
  if (c.kind == "receipt") {
    const bool is_receipt = std::any_of(contract->transfers.begin(), contract->transfers.end(),
                                        [&](const auto& t) { return t.second.receipt_index == c.of && c.of != 0; });
    if (!is_receipt)
      return not_found("receipt.not_a_receipt", "その台帳記録は受領証ではありません",
                       "that ledger entry is not a receipt", std::to_string(c.of));
  } else if (c.kind == "training_report") {
    if (!contract->training_reports.contains(c.of))
      return not_found("training.not_a_report", "その台帳記録は教育の実施状況報告書ではありません",
                       "that ledger entry is not a training report", std::to_string(c.of));
  } else if (c.kind == "approval") {
    // A 承認書 documents the city's decision to approve (approval.decided, approved).
    const bool is_approval = std::any_of(contract->approvals.begin(), contract->approvals.end(), [&](const auto& a) {
      return a.second.decided_index == c.of && c.of != 0 && !a.second.number.empty();
    });
    if (!is_approval)
      return not_found("approval.not_an_approval", "その台帳記録は市の承認ではありません",
                       "that ledger entry is not an approval by the city", std::to_string(c.of));
  } else if (c.kind == "disposal_certificate") {
    // A 廃棄・消去証明書 documents an act of disposal or erasure (assets.disposed).
    const bool is_disposal = std::any_of(contract->disposals.begin(), contract->disposals.end(),
                                         [&](const auto& d) { return d.second.ledger_index == c.of; });
    if (!is_disposal)
      return not_found("disposal.not_a_disposal", "その台帳記録は廃棄・消去の記録ではありません",
                       "that ledger entry is not a disposal or erasure", std::to_string(c.of));
  } else if (c.kind == "destruction_report") {
    // A 破壊報告書 documents the destruction of a device's storage media (media.destroyed).
    const bool is_destruction = std::any_of(contract->devices.begin(), contract->devices.end(), [&](const auto& d) {
      return std::any_of(d.second.destructions.begin(), d.second.destructions.end(),
                         [&](const MediaDestruction& m) { return m.ledger_index == c.of; });
    });
    if (!is_destruction)
      return not_found("media.not_a_destruction", "その台帳記録は記録媒体の破壊の記録ではありません",
                       "that ledger entry is not a destruction of storage media", std::to_string(c.of));
  } else if (c.kind == "compliance_report") {
    if (!contract->compliance_reports.contains(c.of))
      return not_found("compliance.not_a_report", "その台帳記録は遵守状況報告書ではありません",
                       "that ledger entry is not a compliance report", std::to_string(c.of));
  } else {
    return invalid("document.kind_unknown", "文書の種類が正しくありません", "unknown kind of document")
        .with("kind", c.kind);
  }
  TRY(check_file_hash(c.sha256, c.size));
  // One file per fact: the receipt handed out is the one the ledger names, and every later
  // download gives those same bytes.
  if (state.document_of(c.kind, c.of) || state.document(c.sha256))
    return conflict("document.already_issued", "この文書はすでに発行されています", "this document is already issued")
        .with("of", std::to_string(c.of));
  return std::vector{make_event(DocumentIssued{c.kind, c.of, c.sha256, c.size}, actor, now, c.contract)};
}

}  // namespace itaku::domain
