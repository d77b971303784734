#include "itaku/ledger/verify.hpp"

#include <algorithm>
#include <charconv>

#include "itaku/ledger/entries.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/ledger/tiles.hpp"
#include "itaku/tlog/tile.hpp"

namespace itaku::ledger {

namespace {
Error tampered(std::string code, std::string ja, std::string en, std::uint64_t index) {
  return make_error(ErrorKind::Tampered, std::move(code), std::move(ja), std::move(en))
      .with("index", std::to_string(index));
}
Error tile_mismatch(const tlog::TileId& id) {
  return make_error(ErrorKind::Tampered, "ledger.tile_mismatch",
                    "保存されたハッシュのタイルが項目から求めたものと一致しません（タイルを削除すると次に開くときに"
                    "作り直されます）",
                    "a stored tile of hashes does not match the one recomputed from the entries (deleted tiles are "
                    "rebuilt the next time the ledger is opened)")
      .with("level", std::to_string(id.level))
      .with("tile_index", std::to_string(id.index));
}

// The tiles a tree of `size` leaves has, in the order for_each_stored_tile gives them.
class ExpectedTiles {
 public:
  explicit ExpectedTiles(std::uint64_t size) : size_(size) {}
  bool done() const { return next_.level >= tlog::tile_levels(size_); }
  const tlog::TileId& next() const { return next_; }
  void advance() {
    if ((next_.index + 1) * tlog::kTileWidth < tlog::hashes_at_level(size_, next_.level))
      ++next_.index;
    else
      next_ = {next_.level + 1, 0};
  }

 private:
  std::uint64_t size_;
  tlog::TileId next_{0, 0};
};

// Checks the stored tiles against `tree`, recomputed from the entries: they must be exactly the
// tiles of the tree at the size they describe, which may lag the entries (a database not opened
// since it had tiles built) but not pass them. Returns how many there are.
Result<std::uint64_t> check_stored_tiles(storage::Transaction& tx, const tlog::Tree& tree) {
  const auto size = TRY(stored_tiles_size(tx));
  if (size > tree.size()) return tile_mismatch(tlog::partial_tile(size - 1, 0));
  ExpectedTiles expected(size);
  std::uint64_t checked = 0;
  TRY(for_each_stored_tile(tx, [&](const StoredTile& stored) -> Result<void> {
    // A tile expected before this one is missing; one not expected at all is extra.
    if (expected.done() || expected.next() != stored.id)
      return tile_mismatch(expected.done() || stored.id < expected.next() ? stored.id : expected.next());
    const auto width = tlog::tile_width(stored.id, size);
    if (stored.width != width || stored.hashes.size() != width * sizeof(tlog::Hash)) return tile_mismatch(stored.id);
    const auto level = static_cast<unsigned>(stored.id.level * tlog::kTileHeight);
    for (std::uint64_t i = 0; i < width; ++i) {
      const auto& hash = tree.node(level, stored.id.index * tlog::kTileWidth + i);
      if (!std::equal(hash.begin(), hash.end(),
                      stored.hashes.begin() + static_cast<std::ptrdiff_t>(i * sizeof(tlog::Hash))))
        return tile_mismatch(stored.id);
    }
    expected.advance();
    ++checked;
    return ok();
  }));
  if (!expected.done()) return tile_mismatch(expected.next());
  return checked;
}

}  // namespace

std::optional<std::uint64_t> entry_seq(std::string_view entry) {
  constexpr std::string_view kPrefix = "{\"event\":";
  constexpr std::string_view kSeq = ",\"seq\":";
  if (!entry.starts_with(kPrefix) || !entry.ends_with('}')) return std::nullopt;
  const auto at = entry.rfind(kSeq);
  if (at == std::string_view::npos) return std::nullopt;
  const auto digits = entry.substr(at + kSeq.size(), entry.size() - 1 - at - kSeq.size());
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

Result<StreamVerifier> StreamVerifier::create(const tlog::NoteVerifier& verifier, std::string origin,
                                              std::span<const std::string> notes) {
  StreamVerifier out(verifier, std::move(origin));
  for (const auto& note : notes) {
    auto checkpoint = tlog::open_checkpoint(note, verifier, out.origin_);
    if (!checkpoint) {
      auto parsed = tlog::parse_note(note);
      auto error = make_error(ErrorKind::Tampered, "ledger.checkpoint_invalid",
                              "チェックポイントの署名を検証できません", "a checkpoint's signature does not verify")
                       .with("reason", checkpoint.error().code);
      if (parsed) {
        if (auto body = tlog::parse_checkpoint(parsed->text)) error.with("index", std::to_string(body->size));
      }
      return error;
    }
    out.checkpoints_.push_back(checkpoint.release_value());
  }
  std::sort(out.checkpoints_.begin(), out.checkpoints_.end(),
            [](const auto& a, const auto& b) { return a.size < b.size; });
  return out;
}

Result<void> StreamVerifier::add(std::uint64_t seq, std::string_view entry, std::optional<ByteView> stored_leaf) {
  const std::uint64_t expected = tree_.size();
  if (seq != expected)
    return tampered("ledger.entry_missing", "台帳の項目が欠落しています（削除された可能性があります）",
                    "a ledger entry is missing (it may have been deleted)", expected);
  const auto claimed = entry_seq(entry);
  if (!claimed)
    return tampered("ledger.entry_malformed", "台帳の項目の形式が正しくありません", "a ledger entry is malformed",
                    expected);
  if (*claimed != expected)
    return std::move(tampered("ledger.entry_out_of_place",
                              "台帳の項目が本来の位置にありません（並べ替えまたは挿入の可能性があります）",
                              "a ledger entry is not in its place (reordered or inserted)", expected))
        .with("claimed_index", std::to_string(*claimed));
  const auto leaf = tlog::leaf_hash(as_bytes(entry));
  if (stored_leaf && !std::equal(leaf.begin(), leaf.end(), stored_leaf->begin(), stored_leaf->end()))
    return tampered("ledger.entry_edited", "台帳の項目が書き換えられています", "a ledger entry has been edited",
                    expected);
  tree_.append(leaf);
  return check_checkpoints_at_current_size();
}

Result<void> StreamVerifier::check_checkpoints_at_current_size() {
  while (next_checkpoint_ < checkpoints_.size() && checkpoints_[next_checkpoint_].size == tree_.size()) {
    const auto& checkpoint = checkpoints_[next_checkpoint_];
    const auto root = tree_.root();
    const std::uint64_t first_unverified = last_verified_ ? last_verified_->size : 0;
    if (root != checkpoint.root)
      return std::move(
                 tampered("ledger.checkpoint_mismatch",
                          "台帳の項目が署名済みチェックポイントと一致しません（この範囲の項目が改ざんされています）",
                          "ledger entries do not match a signed checkpoint (an entry in this range was altered)",
                          first_unverified))
          .with("checkpoint_size", std::to_string(checkpoint.size));
    if (last_verified_) {
      // Recomputed roots already match both checkpoints; the RFC 9162 consistency proof
      // between them is checked too, exactly as a third party holding only the two
      // checkpoints would check it.
      auto proof = TRY(tree_.consistency_proof(last_verified_->size, checkpoint.size));
      if (!tlog::verify_consistency(last_verified_->size, checkpoint.size, last_verified_->root, checkpoint.root,
                                    proof))
        return std::move(tampered("ledger.checkpoints_inconsistent", "連続するチェックポイントが整合しません",
                                  "consecutive checkpoints are not consistent", first_unverified))
            .with("checkpoint_size", std::to_string(checkpoint.size));
    }
    last_verified_ = checkpoint;
    ++next_checkpoint_;
  }
  return ok();
}

Result<VerifyReport> StreamVerifier::finish() {
  TRY(check_checkpoints_at_current_size());
  if (next_checkpoint_ < checkpoints_.size())
    return std::move(tampered("ledger.truncated",
                              "台帳が署名済みチェックポイントより短くなっています（末尾が削除されています）",
                              "the ledger is shorter than a signed checkpoint (entries at the end were removed)",
                              tree_.size()))
        .with("checkpoint_size", std::to_string(checkpoints_.back().size));
  VerifyReport report;
  report.origin = origin_;
  report.verifier_key = verifier_.to_string();
  report.entries = tree_.size();
  report.checkpoints = checkpoints_.size();
  report.signed_size = last_verified_ ? last_verified_->size : 0;
  report.unsigned_tail = report.entries - report.signed_size;
  report.root = tree_.root();
  return report;
}

Result<VerifyReport> verify_database(storage::Database& database, const std::optional<std::string>& trusted_key,
                                     const Progress& progress, std::span<const SeenCheckpoint> seen) {
  const auto identity = TRY(read_identity(database));
  if (trusted_key && *trusted_key != identity.verifier_key)
    return make_error(ErrorKind::Tampered, "ledger.key_mismatch", "台帳に記録された公開鍵が指定の公開鍵と一致しません",
                      "the ledger's recorded public key is not the trusted key")
        .with("recorded", identity.verifier_key);
  const auto verifier = TRY(tlog::NoteVerifier::parse(trusted_key.value_or(identity.verifier_key)));

  auto tx = TRY(database.begin(storage::TransactionMode::Read));
  std::vector<std::string> notes;
  std::optional<Error> row_error;
  TRY(tx->query("SELECT tree_size, note FROM ledger_checkpoints ORDER BY tree_size", {},
                [&](const storage::Row& row) -> Result<void> {
                  notes.emplace_back(row.text(1));
                  // The row's size column must agree with the signed body; a moved row is tampering.
                  auto note = tlog::parse_note(notes.back());
                  auto body = note ? tlog::parse_checkpoint(note->text) : Result<tlog::Checkpoint>(note.error());
                  if (body && body->size != static_cast<std::uint64_t>(row.int64(0)))
                    return tampered("ledger.checkpoint_moved", "チェックポイントの行が書き換えられています",
                                    "a checkpoint row has been altered", static_cast<std::uint64_t>(row.int64(0)));
                  return ok();
                }));
  auto verifier_stream = TRY(StreamVerifier::create(verifier, identity.origin, notes));
  const auto total = TRY(tx->query_int("SELECT COUNT(*) FROM ledger_entries")).value_or(0);

  TRY(for_each_stored_entry(
      *tx, [&](const StoredEntry& e) { return verifier_stream.add(e.seq, e.entry, e.leaf_hash); },
      [&](std::uint64_t read) {
        if (progress) progress(read, static_cast<std::uint64_t>(total));
      }));
  auto report = TRY(verifier_stream.finish());
  // Every entry verifies on its own terms; it must also still hold what was signed before.
  for (const auto& checkpoint : seen)
    TRY(check_against_seen(checkpoint, verifier_stream.size(),
                           [&](std::uint64_t size) { return verifier_stream.root_at(size); }));
  // The entries are sound: the tiles that proofs are made from must be their tree's.
  report.tiles = TRY(check_stored_tiles(*tx, verifier_stream.tree()));
  return report;
}

}  // namespace itaku::ledger
