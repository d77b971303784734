#include "itaku/service/receipts.hpp"

#include <nlohmann/json.hpp>

#include "itaku/core/assert.hpp"
#include "itaku/core/bytes.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/documents/receipt.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/service/document_files.hpp"
#include "itaku/service/service.hpp"

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

Error receipt_unknown() {
  return make_error(ErrorKind::NotFound, "receipt.unknown", "その受領証は見つかりません", "no such receipt");
}

std::optional<domain::IssuedDocument> document_of(Service& service, std::uint64_t index) {
  return service.read([&](const domain::State& s) -> std::optional<domain::IssuedDocument> {
    const auto* doc = s.document_of("receipt", index);
    return doc ? std::optional(*doc) : std::nullopt;
  });
}

}  // namespace

documents::Receipt receipt_view(const nlohmann::json& event) {
  documents::Receipt receipt;
  // The entry is one this ledger signed; still, a member it lacks reads as empty, not as a throw.
  if (!event.is_object() || !event.contains("data") || !event["data"].is_object()) return receipt;
  const auto& d = event["data"];
  receipt.number = d.value("number", "");
  receipt.city = d.value("city", "");
  receipt.addressee = receipt.city + "長 様";
  receipt.contractor = d.value("receiver_organisation", "");
  receipt.contract_number = d.value("contract_number", "");
  receipt.contract_title = d.value("contract_title", "");
  receipt.handed_over_by = d.value("handed_over_by_name", "");
  receipt.handed_over_by_title = d.value("handed_over_by_title", "");
  receipt.received_by = d.value("received_by_name", "");
  receipt.received_by_title = d.value("received_by_title", "");
  receipt.received_date = printed_date(d.value("date", ""));
  // The receipt.issued entry is recorded with the acknowledgement: its time is the receipt's.
  if (const auto at = parse_utc(event.value("at", ""))) receipt.received_at = printed_moment(*at);
  if (d.contains("items") && d["items"].is_array())
    for (const auto& item : d["items"])
      if (item.is_object())
        receipt.items.push_back({item.value("asset", ""), item.value("description", ""), item.value("class", ""),
                                 item.value("media", ""), item.value("quantity", "")});
  return receipt;
}

Result<std::string> render_receipt(ledger::Ledger& ledger, std::uint64_t index, const std::string& base_url) {
  if (index >= ledger.size()) return not_a_receipt(index);
  const auto entry = TRY(ledger.entry(index));
  const auto event = TRY(receipt_event(entry, index));
  const auto proof = TRY(ledger::inclusion_proof_json(ledger, index));
  documents::Receipt receipt = receipt_view(event);
  receipt.ledger_index = index;
  receipt.ledger_origin = ledger.origin();
  receipt.verify_url = receipt_link(base_url, index, entry);
  receipt.payload = crypto::base64_encode(as_bytes(proof.dump()));
  return documents::render_receipt_pdf(receipt);
}

std::string receipt_link_token(std::string_view entry) { return link_token("itaku receipt link\n", entry); }

std::string receipt_link(const std::string& base_url, std::uint64_t index, std::string_view entry) {
  return base_url + "/receipts/verify?index=" + std::to_string(index) + "&k=" + receipt_link_token(entry);
}

Result<IssuedReceipt> issue_receipt(Service& service, std::uint64_t index, const std::string& base_url,
                                    const domain::Actor& actor) {
  TRY(service.catch_up());
  // Twice at most: when two requests issue the same receipt at once, the second hands out
  // the first one's file.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (auto existing = document_of(service, index)) {
      auto bytes = TRY(stored_file(service, existing->sha256));
      if (!bytes || file_sha256(*bytes) != existing->sha256)
        return make_error(ErrorKind::Tampered, "document.file_altered",
                          "保存されている受領証のファイルが、台帳に記録されたものと一致しません",
                          "the stored receipt file does not match the one the ledger recorded")
            .with("index", std::to_string(existing->index));
      return IssuedReceipt{std::move(*bytes), *existing, false};
    }
    if (index >= service.ledger().size()) return not_a_receipt(index);
    const auto event = TRY(receipt_event(TRY(service.ledger().entry(index)), index));
    auto pdf = TRY(render_receipt(service.ledger(), index, base_url));
    const auto sha256 = file_sha256(pdf);
    const auto store = [&](storage::Transaction& tx) -> Result<void> { return store_file(tx, sha256, pdf); };
    auto issued =
        service.execute(domain::IssueDocument{event.value("contract", ""), "receipt", index, sha256, pdf.size()},
                        domain::Principal::system(actor), store);
    if (issued) {
      auto document = document_of(service, index);
      ITAKU_CHECK(document.has_value());
      return IssuedReceipt{std::move(pdf), *document, true};
    }
    if (issued.error().code != "document.already_issued") return issued.release_error();
  }
  return make_error(ErrorKind::Conflict, "document.already_issued", "この文書はすでに発行されています",
                    "this document is already issued");
}

Result<PublicReceipt> public_receipt(Service& service, std::uint64_t index, std::string_view token) {
  auto& ledger = service.ledger();
  if (index >= ledger.size()) return receipt_unknown();
  const auto entry = TRY(ledger.entry(index));
  auto event = receipt_event(entry, index);
  if (!event) return receipt_unknown();
  // The token is what keeps receipts from being read by index.
  if (!same_token(receipt_link_token(entry), token)) return receipt_unknown();
  PublicReceipt out;
  out.index = index;
  out.origin = ledger.origin();
  // What the printed receipt carries, and nothing more (no person ids, no hand-over id).
  out.receipt = receipt_view(*event);
  TRY(service.catch_up());
  if (auto document = document_of(service, index)) out.documents.push_back(*document);
  return out;
}

Result<VerifiedReceipt> verify_receipt(std::string_view pdf, const std::string& verifier_key, Service* service) {
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
  out.receipt = event.at("data");
  out.sha256 = file_sha256(pdf);

  if (service) {
    ledger::Ledger* live = &service->ledger();
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
    // The record inside is genuine; the file must also be the very one issued. A changed
    // byte, an overlay appended as an incremental update or an item line taken out all keep
    // the record and change the hash (長野市 第8-2: the receipt shows what was received).
    TRY(service->catch_up());
    out.document = service->read([&](const domain::State& s) -> std::optional<domain::IssuedDocument> {
      const auto* doc = s.document(out.sha256);
      return doc && doc->kind == "receipt" && doc->of == out.index ? std::optional(*doc) : std::nullopt;
    });
    if (!out.document) {
      auto error = receipt_failed("receipt.altered",
                                  "この受領証のファイルは台帳が発行したものではありません（内容が変更されています）。"
                                  "台帳に記録された受領の内容と照合してください",
                                  "this receipt file is not one the ledger issued (it has been changed); compare it "
                                  "with the receipt the ledger records");
      error.with("index", std::to_string(out.index)).with("sha256", out.sha256);
      if (auto issued = document_of(*service, out.index)) error.with("issued_sha256", issued->sha256);
      return error;
    }
  }
  return out;
}

}  // namespace itaku::service
