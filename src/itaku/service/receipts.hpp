#pragma once
// Receipts (受領証, 長野市 第8-2) as printed documents. A receipt's file is issued once: it is
// rendered from the receipt.issued entry of the ledger (with that entry's inclusion proof
// inside), the SHA-256 of its exact bytes is recorded in the ledger (document.issued) and the
// bytes are kept, so every later download is the same file. Verifying a file hashes it and
// looks the hash up: a file changed in any byte (a page's content, an overlay appended, an
// item line removed) is not a document the ledger issued. docs/POLICY.md, "Receipts".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/core/result.hpp"
#include "itaku/documents/receipt.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/ledger/ledger.hpp"

namespace itaku::service {

class Service;

// The receipt as printed, from a receipt.issued event (the event's JSON, `at` being the time of
// receipt): what the PDF and the public check both show. The ledger block is left empty.
documents::Receipt receipt_view(const nlohmann::json& event);

// The A4 PDF of the receipt recorded at ledger index `index` (a receipt.issued entry), freshly
// rendered. The QR code leads to receipt_link(base_url, …). Use issue_receipt to hand one out.
Result<std::string> render_receipt(ledger::Ledger& ledger, std::uint64_t index, const std::string& base_url);

// The token in a receipt's link that lets the public page show that receipt: derived from the
// receipt.issued entry, which only the receipt itself (and the contract's parties) carry, so
// receipts cannot be read by trying ledger indices.
std::string receipt_link_token(std::string_view entry);
// `base_url`/receipts/verify?index=N&k=<token> (the path alone when base_url is empty).
std::string receipt_link(const std::string& base_url, std::uint64_t index, std::string_view entry);

struct IssuedReceipt {
  std::string pdf;
  domain::IssuedDocument document;
  bool newly_issued = false;  // false: the file issued before, byte for byte
};

// The receipt file for the receipt.issued entry at `index`: the one issued before, or, the
// first time, rendered (its QR code leading to base_url) and recorded by `actor` with its
// SHA-256 in the ledger, its bytes stored in the same transaction.
Result<IssuedReceipt> issue_receipt(Service& service, std::uint64_t index, const std::string& base_url,
                                    const domain::Actor& actor);

struct VerifiedReceipt {
  std::string number;  // 受領証番号
  std::string contract;
  std::uint64_t index = 0;
  std::uint64_t tree_size = 0;  // of the checkpoint inside the receipt
  std::string origin;
  std::string entry;                               // the ledger entry the receipt stands for
  nlohmann::json receipt;                          // its data: contract, items, parties, date
  std::string sha256;                              // of the file verified
  std::optional<domain::IssuedDocument> document;  // the issued file this is (live check only)
};

// Verifies a receipt PDF: its embedded proof against the verifier key (signature, inclusion,
// entry hash) and that the entry is a receipt.issued. Given a live service, also that the
// ledger still holds exactly that entry, is consistent with the receipt's checkpoint, and that
// these exact bytes are a receipt the ledger issued (receipt.altered otherwise). Offline
// (no service) the file's bytes cannot be checked: only the record inside it.
Result<VerifiedReceipt> verify_receipt(std::string_view pdf, const std::string& verifier_key, Service* live = nullptr);

// What the public verification page shows for the link printed on a receipt: the ledger's
// record of that receipt as the receipt prints it (only what the receipt itself carries) and
// the files issued for it.
struct PublicReceipt {
  std::uint64_t index = 0;
  std::string origin;
  documents::Receipt receipt;  // number, dates, addressee, contract, parties, items; no ledger block
  std::vector<domain::IssuedDocument> documents;
};
// receipt.unknown (NotFound) when the index is not a receipt or the token is not its own.
Result<PublicReceipt> public_receipt(Service& service, std::uint64_t index, std::string_view token);

}  // namespace itaku::service
