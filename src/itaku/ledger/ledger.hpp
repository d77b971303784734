#pragma once
// The durable ledger: an append-only log of canonical JSON entries in the database, with
// its RFC 9162 Merkle tree stored beside them as tiles (tiles.hpp) and signed checkpoints.
// Only the tree's right edge is held in memory; proofs read the tiles they need.
//
// Appends use group commit: callers on any thread enqueue entries; one writer thread opens a
// transaction, writes what is queued and what arrives while the batch fills, commits it (one
// fsync) and then wakes every caller in the batch. An append returns only after its batch is
// durable.
//
// Each stored entry is the canonical JSON object {"event":<event>,"seq":<index>}: the index
// inside the entry lets `verify` name the exact row that was moved, inserted or deleted.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "itaku/core/bytes.hpp"
#include "itaku/core/canonical_json.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/core/result.hpp"
#include "itaku/storage/database.hpp"
#include "itaku/tlog/checkpoint.hpp"
#include "itaku/tlog/merkle.hpp"
#include "itaku/tlog/note.hpp"
#include "itaku/tlog/tile.hpp"

namespace itaku::ledger {

struct LedgerOptions {
  // A checkpoint is signed with the batch when the last one is at least this old (0: every batch).
  std::chrono::milliseconds checkpoint_interval{1000};
  // At most this many entries go into one transaction.
  std::size_t max_batch_entries = 8192;
  // After a batch of k appends, the writer gathers the next batch for up to this long, until
  // it has k appends: the callers it just woke need a moment to come back, and one
  // transaction for all of them costs one fsync instead of several. The transaction is open
  // meanwhile and the appends' rows are written as they arrive, so the wait overlaps work.
  std::chrono::microseconds group_commit_wait{200};
  // The latest signed checkpoint is also written to each of these files (the data
  // directory's checkpoint.latest and, when configured, the city's copy). On open, a ledger
  // shorter than or inconsistent with the checkpoint any of them holds is refused
  // (ledger.rollback, ledger.diverged): the database was put back from an older copy.
  std::vector<std::filesystem::path> checkpoint_files{};
};

struct SignedCheckpoint {
  tlog::Checkpoint checkpoint;
  std::string note;  // the whole signed note
};

// Statistics for /metrics and benchmarks.
struct LedgerStats {
  std::uint64_t batches = 0;
  std::uint64_t entries = 0;
  std::uint64_t checkpoints = 0;
};

// Builds the stored form of an entry: {"event":<event>,"seq":<index>}.
std::string wrap_entry(const CanonicalJson& event, std::uint64_t index);

// Creates the ledger in a migrated, empty database: records the origin and verifier key
// and appends the genesis entry. Refuses a database that already holds a ledger.
Result<void> initialise_ledger(storage::Database& database, const tlog::NoteSigner& signer, const Clock& clock);

class Ledger {
 public:
  // Opens the ledger in `database` (which must outlive it), reads the right edge of the stored
  // tree (building the tiles first if the database has none yet) and starts the writer thread.
  // The signer must match the stored key.
  static Result<std::unique_ptr<Ledger>> open(storage::Database& database, tlog::NoteSigner signer, const Clock& clock,
                                              LedgerOptions options = {});
  // Entries appended without a checkpoint are signed within checkpoint_interval even when no
  // further append comes.
  // Drains the queue, signs a final checkpoint covering everything, and stops the writer.
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Appends one event and returns its index once it is durable.
  Result<std::uint64_t> append(const CanonicalJson& event);
  // Appends events atomically with consecutive indices; returns the first index.
  Result<std::uint64_t> append_all(std::span<const CanonicalJson> events);
  // The same, and runs `apply` inside the batch's transaction (to write the projections of
  // these events), with the index of the first event. If `apply` fails, these events are not
  // appended and the error is returned; other appends in the batch are unaffected.
  using ApplyInTransaction = std::function<Result<void>(storage::Transaction&, std::uint64_t first_index)>;
  Result<std::uint64_t> append_all(std::span<const CanonicalJson> events, const ApplyInTransaction& apply);
  // Appends what `decide` returns, decided inside the batch's write transaction: every entry
  // committed before it — by other processes too, on a shared database — is in the ledger
  // then, and none can be appended until the commit, so what `decide` reads through the
  // transaction is the latest. It gets the transaction, how many entries are committed
  // (`committed`: those it may read) and the index its first entry will have (the batch's own
  // uncommitted entries lie between). An error from `decide` appends nothing and is returned;
  // `decide` writes nothing (`apply` does, as for append_all). Several instances on one
  // database that decide a command this way decide it as one would (docs/DEPLOY.md).
  using Decide = std::function<Result<std::vector<CanonicalJson>>(storage::Transaction&, std::uint64_t committed,
                                                                  std::uint64_t first_index)>;
  Result<std::uint64_t> append_decided(const Decide& decide, const ApplyInTransaction& apply);
  // The same without waiting: `done` runs on the ledger's writer thread once the batch is
  // durable (with the first index) or has failed. `done` must return quickly and must not
  // append (the writer would wait for itself). For servers that answer many requests on a
  // few threads: no thread is held while the fsync runs.
  using Completion = std::function<void(Result<std::uint64_t>)>;
  void append_async(std::vector<CanonicalJson> events, ApplyInTransaction apply, Completion done);
  // Signs a checkpoint for everything appended so far (if the last one does not already
  // cover it) and returns the latest checkpoint.
  Result<SignedCheckpoint> checkpoint_now();

  // Number of durable entries.
  std::uint64_t size() const;
  std::optional<SignedCheckpoint> latest_checkpoint() const;
  const std::string& origin() const;
  tlog::NoteVerifier verifier() const;
  LedgerStats stats() const;

  Result<tlog::Hash> root_at(std::uint64_t size) const;
  Result<std::vector<tlog::Hash>> inclusion_proof(std::uint64_t index, std::uint64_t size) const;
  Result<std::vector<tlog::Hash>> consistency_proof(std::uint64_t old_size, std::uint64_t new_size) const;
  Result<std::vector<tlog::Hash>> multi_inclusion_proof(std::span<const std::uint64_t> indices,
                                                        std::uint64_t size) const;
  Result<tlog::Hash> leaf_hash(std::uint64_t index) const;
  // Reads the stored entry bytes.
  Result<std::string> entry(std::uint64_t index) const;
  // The stored entries from `first` on, `count` of them, in index order (ledger.no_entry if
  // one is not there).
  Result<std::vector<std::string>> entries(std::uint64_t first, std::uint64_t count) const;
  // The first `width` hashes of tile `id` (kTileWidth: the whole tile) in the tree of `size`
  // leaves (at most size()), back to back: what C2SP tlog-tiles serves. A full tile is read
  // through the cache the proofs use, a partial one from the right edge held in memory. A tile
  // of which that tree has fewer than `width` hashes is ledger.no_tile.
  Result<Bytes> tile(const tlog::TileId& id, std::uint64_t width, std::uint64_t size) const;
  // The signed checkpoint note stored for exactly this tree size, if there is one.
  Result<std::optional<std::string>> checkpoint_note(std::uint64_t size) const;

 private:
  class Impl;
  explicit Ledger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Reads origin and verifier key recorded at initialisation.
struct LedgerIdentity {
  std::string origin;
  std::string verifier_key;
};
Result<LedgerIdentity> read_identity(storage::Database& database);

}  // namespace itaku::ledger
