#include "itaku/service/receipts.hpp"

#include <nlohmann/json.hpp>

#include "itaku/core/bytes.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/documents/receipt.hpp"
#include "itaku/ledger/proof_json.hpp"

namespace itaku::service {

namespace {

Error not_a_receipt(std::uint64_t index) {
  return make_error(ErrorKind::NotFound, "receipt.not_a_receipt", "その台帳記録は受領証ではありません",
                    "that ledger entry is not a receipt")
      .with("index", std::to_string(index));
}

Error receipt_failed(std::string code, std::string ja, std::string en) {
  return make_error(ErrorKind::Tampered, std::move(code), std::move(ja), std::move(en));
}

// The event of a stored entry {"event":{…},"seq":N}, if it is a receipt.issued.
Result<nlohmann::json> receipt_event(const std::string& entry, std::uint64_t index) {
  try {
    auto value = nlohmann::json::parse(entry);
    auto event = value.at("event");
    if (event.value("type", "") != "receipt.issued") return not_a_receipt(index);
    return event;
  } catch (const nlohmann::json::exception&) {
    return not_a_receipt(index);
  }
}

std::string japanese_date(const std::string& iso) {
  auto date = parse_date(iso);
  return date ? format_wareki(*date) : iso;
}

}  // namespace

Result<std::string> render_receipt(ledger::Ledger& ledger, std::uint64_t index, const std::string& base_url) {
  if (index >= ledger.size()) return not_a_receipt(index);
  const auto event = TRY(receipt_event(TRY(ledger.entry(index)), index));
  const auto proof = TRY(ledger::inclusion_proof_json(ledger, index));
  const auto& d = event.at("data");
  documents::Receipt receipt;
  receipt.city = d.value("city", "");
  receipt.addressee = receipt.city + "長 様";
  receipt.contractor = d.value("receiver_organisation", "");
  receipt.contract_number = d.value("contract_number", "");
  receipt.contract_title = d.value("contract_title", "");
  receipt.handed_over_by = d.value("handed_over_by_name", "");
  receipt.received_by = d.value("received_by_name", "");
  receipt.received_date = japanese_date(d.value("date", ""));
  for (const auto& item : d.at("items"))
    receipt.items.push_back({item.value("asset", ""), item.value("description", ""), item.value("class", ""),
                             item.value("media", ""), item.value("quantity", "")});
  receipt.ledger_index = index;
  receipt.ledger_origin = ledger.origin();
  receipt.verify_url = base_url + "/ledger/entries/" + std::to_string(index);
  receipt.payload = crypto::base64_encode(as_bytes(proof.dump()));
  return documents::render_receipt_pdf(receipt);
}

Result<VerifiedReceipt> verify_receipt(std::string_view pdf, const std::string& verifier_key, ledger::Ledger* live) {
  const auto payload = TRY(documents::extract_receipt_payload(pdf));
  auto decoded = crypto::base64_decode(payload);
  if (!decoded)
    return receipt_failed("receipt.payload_malformed", "受領証の検証データが読めません",
                          "the receipt's verification data cannot be read");
  nlohmann::json proof;
  try {
    proof = nlohmann::json::parse(as_chars(*decoded));
  } catch (const nlohmann::json::exception&) {
    return receipt_failed("receipt.payload_malformed", "受領証の検証データが読めません",
                          "the receipt's verification data cannot be read");
  }
  // Signature of the checkpoint, the inclusion proof, and the entry hashing to the leaf.
  TRY(ledger::verify_proof_json(proof, verifier_key));
  VerifiedReceipt out;
  out.index = proof.value("leaf_index", std::uint64_t{0});
  out.tree_size = proof.value("tree_size", std::uint64_t{0});
  out.origin = proof.value("origin", "");
  out.entry = proof.value("entry", "");
  const auto event = TRY(receipt_event(out.entry, out.index));
  out.number = event.at("data").value("number", "");
  out.contract = event.value("contract", "");

  if (live) {
    // The ledger must still hold this very entry, and its history must extend the one the
    // receipt was issued from.
    if (live->origin() != out.origin)
      return receipt_failed("receipt.other_ledger", "この受領証は別の台帳のものです",
                            "the receipt belongs to another ledger")
          .with("origin", out.origin);
    if (out.index >= live->size() || out.tree_size > live->size())
      return receipt_failed("receipt.entry_missing", "台帳に受領証の記録がありません",
                            "the ledger does not hold the receipt's entry")
          .with("index", std::to_string(out.index));
    if (TRY(live->entry(out.index)) != out.entry)
      return receipt_failed("receipt.entry_altered", "台帳の受領証の記録が変更されています",
                            "the receipt's entry in the ledger has been altered")
          .with("index", std::to_string(out.index));
    if (crypto::base64_encode(TRY(live->root_at(out.tree_size))) != proof.value("root_hash", ""))
      return receipt_failed("receipt.history_rewritten", "受領証の発行後に台帳の履歴が書き換えられています",
                            "the ledger's history was rewritten after the receipt was issued");
  }
  return out;
}

}  // namespace itaku::service
