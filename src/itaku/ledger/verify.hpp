#pragma once
// Verification recomputes everything: each entry's leaf hash and position, the tree, every
// checkpoint's signature and root, and the consistency of consecutive checkpoints; in a
// database, every stored tile of the tree's hashes is then checked against the recomputed tree.
// The first problem found is returned as an ErrorKind::Tampered error whose context names the
// index (or, for a tile, its level and tile_index).
//
// What a signature attests: entries up to the latest signed checkpoint. Entries after it (at
// most one checkpoint interval's worth, or those appended just before a crash) are reported
// as an unsigned tail; the next checkpoint covers them.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/ledger/checkpoint_file.hpp"
#include "itaku/storage/database.hpp"
#include "itaku/tlog/checkpoint.hpp"
#include "itaku/tlog/merkle.hpp"

namespace itaku::ledger {

struct VerifyReport {
  std::string origin;
  std::string verifier_key;
  std::uint64_t entries = 0;
  std::uint64_t checkpoints = 0;
  std::uint64_t signed_size = 0;    // size of the latest verified checkpoint
  std::uint64_t unsigned_tail = 0;  // entries after it
  tlog::Hash root{};                // root over all entries
  std::uint64_t tiles = 0;          // stored tiles checked (a database's)
};

// Called now and then with (entries verified, entries expected).
using Progress = std::function<void(std::uint64_t, std::uint64_t)>;

// Feeds entries in order; used for the database and for bundles alike.
class StreamVerifier {
 public:
  // Checks every checkpoint's signature and origin up front; `notes` in any order.
  static Result<StreamVerifier> create(const tlog::NoteVerifier& verifier, std::string origin,
                                       std::span<const std::string> notes);
  // `stored_leaf` is the leaf hash kept beside the entry, when there is one.
  Result<void> add(std::uint64_t seq, std::string_view entry, std::optional<ByteView> stored_leaf);
  Result<VerifyReport> finish();
  std::uint64_t size() const { return tree_.size(); }
  Result<tlog::Hash> root_at(std::uint64_t size) const { return tree_.root_at(size); }
  const tlog::Tree& tree() const { return tree_; }

 private:
  StreamVerifier(const tlog::NoteVerifier& verifier, std::string origin)
      : verifier_(verifier), origin_(std::move(origin)) {}
  Result<void> check_checkpoints_at_current_size();

  tlog::NoteVerifier verifier_;
  std::string origin_;
  std::vector<tlog::Checkpoint> checkpoints_;  // ascending size
  std::size_t next_checkpoint_ = 0;
  std::optional<tlog::Checkpoint> last_verified_;
  tlog::Tree tree_;
};

// Verifies the ledger stored in `database`. With `trusted_key` (a verifier key string such
// as the instance's own or one an auditor was given) the ledger's recorded key must equal
// it; without, the recorded key is used and the report says which. A ledger shorter than or
// inconsistent with one of the `seen` checkpoints (kept outside the database) fails with
// ledger.rollback or ledger.diverged. A stored tile that is not the recomputed tree's (other
// hashes, another width, missing, or beyond the entries) fails with ledger.tile_mismatch; tiles
// that stop short of the last entries are not an error (the next open builds the rest).
Result<VerifyReport> verify_database(storage::Database& database, const std::optional<std::string>& trusted_key,
                                     const Progress& progress, std::span<const SeenCheckpoint> seen = {});

// Reads the index an entry claims from its envelope {"event":…,"seq":N}.
std::optional<std::uint64_t> entry_seq(std::string_view entry);

}  // namespace itaku::ledger
