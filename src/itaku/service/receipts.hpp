#pragma once
// Receipts (受領証, 長野市 第8-2) as printed documents: rendered from the receipt.issued entry
// of the ledger with that entry's inclusion proof inside, and verified from the PDF alone
// (offline, with the ledger's public key) or also against a live ledger.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "itaku/core/result.hpp"
#include "itaku/ledger/ledger.hpp"

namespace itaku::service {

// The A4 PDF of the receipt recorded at ledger index `index` (a receipt.issued entry). The QR
// code leads to `base_url`/ledger/entries/<index> (the path alone when base_url is empty).
Result<std::string> render_receipt(ledger::Ledger& ledger, std::uint64_t index, const std::string& base_url);

struct VerifiedReceipt {
  std::string number;  // 受領証番号
  std::string contract;
  std::uint64_t index = 0;
  std::uint64_t tree_size = 0;  // of the checkpoint inside the receipt
  std::string origin;
  std::string entry;  // the ledger entry the receipt stands for
};

// Verifies a receipt PDF: its embedded proof against the verifier key (signature, inclusion,
// entry hash), that the entry is a receipt.issued, and, given a live ledger, that the ledger
// still holds exactly that entry and is consistent with the receipt's checkpoint.
Result<VerifiedReceipt> verify_receipt(std::string_view pdf, const std::string& verifier_key,
                                       ledger::Ledger* live = nullptr);

}  // namespace itaku::service
