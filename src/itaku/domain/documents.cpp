#include "itaku/domain/documents.hpp"

#include <algorithm>

#include "itaku/domain/document_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

using namespace rules;

Result<std::vector<Event>> decide_document(const State& state, const IssueDocument& c, const Actor& actor,
                                           Timestamp now) {
  const auto* contract = state.contract(c.contract);
  if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
  // Receipts are the only documents so far; a later kind names the event it documents here.
  if (c.kind != "receipt")
    return invalid("document.kind_unknown", "文書の種類が正しくありません", "unknown kind of document")
        .with("kind", c.kind);
  const bool is_receipt = std::any_of(contract->transfers.begin(), contract->transfers.end(),
                                      [&](const auto& t) { return t.second.receipt_index == c.of && c.of != 0; });
  if (!is_receipt)
    return not_found("receipt.not_a_receipt", "その台帳記録は受領証ではありません",
                     "that ledger entry is not a receipt", std::to_string(c.of));
  const bool hex = c.sha256.size() == 64 && std::all_of(c.sha256.begin(), c.sha256.end(), [](char ch) {
                     return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
                   });
  if (!hex || c.size == 0)
    return invalid("document.hash_invalid", "文書のハッシュ値が正しくありません",
                   "the document's hash is not a SHA-256 in hexadecimal");
  // One file per fact: the receipt handed out is the one the ledger names, and every later
  // download gives those same bytes.
  if (state.document_of(c.kind, c.of) || state.document(c.sha256))
    return conflict("document.already_issued", "この文書はすでに発行されています", "this document is already issued")
        .with("of", std::to_string(c.of));
  return std::vector{make_event(DocumentIssued{c.kind, c.of, c.sha256, c.size}, actor, now, c.contract)};
}

}  // namespace itaku::domain
