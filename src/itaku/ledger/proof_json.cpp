#include "itaku/ledger/proof_json.hpp"

#include "itaku/crypto/base64.hpp"

namespace itaku::ledger {

namespace {
std::string b64(const tlog::Hash& hash) { return crypto::base64_encode(hash); }

nlohmann::json hashes_json(const std::vector<tlog::Hash>& hashes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : hashes) out.push_back(b64(h));
  return out;
}

Error malformed(std::string what) {
  return make_error(ErrorKind::Invalid, "proof.malformed", "証明の形式が正しくありません",
                    "the proof document is malformed")
      .with("field", std::move(what));
}

Error proof_failed(std::string code, std::string ja, std::string en) {
  return make_error(ErrorKind::Tampered, std::move(code), std::move(ja), std::move(en));
}

Result<tlog::Hash> hash_field(const nlohmann::json& doc, const char* name) {
  if (!doc.contains(name) || !doc[name].is_string()) return malformed(name);
  auto bytes = crypto::base64_decode(doc[name].get<std::string>());
  if (!bytes || bytes->size() != 32) return malformed(name);
  tlog::Hash out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

Result<std::vector<tlog::Hash>> hashes_field(const nlohmann::json& doc) {
  if (!doc.contains("hashes") || !doc["hashes"].is_array()) return malformed("hashes");
  std::vector<tlog::Hash> out;
  for (const auto& item : doc["hashes"]) {
    if (!item.is_string()) return malformed("hashes");
    auto bytes = crypto::base64_decode(item.get<std::string>());
    if (!bytes || bytes->size() != 32) return malformed("hashes");
    tlog::Hash h;
    std::copy(bytes->begin(), bytes->end(), h.begin());
    out.push_back(h);
  }
  return out;
}

Result<std::uint64_t> size_field(const nlohmann::json& doc, const char* name) {
  if (!doc.contains(name) || !doc[name].is_number_unsigned()) return malformed(name);
  return doc[name].get<std::uint64_t>();
}

// A checkpoint note in the document must be signed by the trusted key, name the document's
// origin and commit to exactly the size and root the proof uses.
Result<void> check_checkpoint(const nlohmann::json& doc, const char* field, const tlog::NoteVerifier& verifier,
                              std::uint64_t size, const tlog::Hash& root) {
  if (!doc.contains(field)) return ok();
  if (!doc[field].is_string()) return malformed(field);
  auto checkpoint = tlog::open_checkpoint(doc[field].get<std::string>(), verifier, doc.value("origin", ""));
  if (!checkpoint)
    return std::move(proof_failed("proof.checkpoint_invalid", "チェックポイントの署名を検証できません",
                                  "the checkpoint's signature does not verify"))
        .with("reason", checkpoint.error().code);
  if (checkpoint->size != size || checkpoint->root != root)
    return proof_failed("proof.checkpoint_mismatch", "チェックポイントが証明の木と一致しません",
                        "the checkpoint does not match the proof's tree");
  return ok();
}
}  // namespace

Result<nlohmann::json> inclusion_proof_json(Ledger& ledger, std::uint64_t index) {
  if (index >= ledger.size())
    return make_error(ErrorKind::NotFound, "ledger.no_entry", "その番号の項目はありません", "no entry at that index")
        .with("index", std::to_string(index));
  auto latest = ledger.latest_checkpoint();
  if (!latest || latest->checkpoint.size <= index) latest = TRY(ledger.checkpoint_now());
  const auto size = latest->checkpoint.size;
  const auto proof = TRY(ledger.inclusion_proof(index, size));
  return nlohmann::json{{"type", "inclusion"},
                        {"origin", ledger.origin()},
                        {"leaf_index", index},
                        {"tree_size", size},
                        {"entry", TRY(ledger.entry(index))},
                        {"leaf_hash", b64(TRY(ledger.leaf_hash(index)))},
                        {"root_hash", b64(latest->checkpoint.root)},
                        {"hashes", hashes_json(proof)},
                        {"checkpoint", latest->note}};
}

Result<nlohmann::json> consistency_proof_json(Ledger& ledger, std::uint64_t old_size, std::uint64_t new_size) {
  if (old_size > new_size)
    return make_error(ErrorKind::Invalid, "proof.bad_sizes", "古いサイズは新しいサイズ以下にしてください",
                      "the old size must not exceed the new size");
  const auto proof = TRY(ledger.consistency_proof(old_size, new_size));
  nlohmann::json doc{{"type", "consistency"},
                     {"origin", ledger.origin()},
                     {"old_size", old_size},
                     {"new_size", new_size},
                     {"old_root", b64(TRY(ledger.root_at(old_size)))},
                     {"new_root", b64(TRY(ledger.root_at(new_size)))},
                     {"hashes", hashes_json(proof)}};
  if (auto note = TRY(ledger.checkpoint_note(old_size))) doc["old_checkpoint"] = *note;
  if (auto note = TRY(ledger.checkpoint_note(new_size))) doc["new_checkpoint"] = *note;
  return doc;
}

Result<void> verify_proof_json(const nlohmann::json& doc, const std::string& verifier_key) {
  if (!doc.is_object() || !doc.contains("type") || !doc["type"].is_string()) return malformed("type");
  const auto verifier = TRY(tlog::NoteVerifier::parse(verifier_key));
  const auto hashes = TRY(hashes_field(doc));
  if (doc["type"] == "inclusion") {
    const auto index = TRY(size_field(doc, "leaf_index"));
    const auto size = TRY(size_field(doc, "tree_size"));
    const auto leaf = TRY(hash_field(doc, "leaf_hash"));
    const auto root = TRY(hash_field(doc, "root_hash"));
    if (doc.contains("entry")) {
      if (!doc["entry"].is_string()) return malformed("entry");
      if (tlog::leaf_hash(as_bytes(doc["entry"].get<std::string>())) != leaf)
        return proof_failed("proof.entry_mismatch", "項目の内容がリーフハッシュと一致しません",
                            "the entry does not hash to the leaf hash");
    }
    if (!tlog::verify_inclusion(leaf, index, size, hashes, root))
      return proof_failed("proof.invalid", "包含証明が成り立ちません", "the inclusion proof does not verify");
    if (!doc.contains("checkpoint")) return malformed("checkpoint");
    return check_checkpoint(doc, "checkpoint", verifier, size, root);
  }
  if (doc["type"] == "consistency") {
    const auto old_size = TRY(size_field(doc, "old_size"));
    const auto new_size = TRY(size_field(doc, "new_size"));
    const auto old_root = TRY(hash_field(doc, "old_root"));
    const auto new_root = TRY(hash_field(doc, "new_root"));
    if (!tlog::verify_consistency(old_size, new_size, old_root, new_root, hashes))
      return proof_failed("proof.invalid", "整合性証明が成り立ちません", "the consistency proof does not verify");
    TRY(check_checkpoint(doc, "old_checkpoint", verifier, old_size, old_root));
    return check_checkpoint(doc, "new_checkpoint", verifier, new_size, new_root);
  }
  return malformed("type");
}

}  // namespace itaku::ledger
