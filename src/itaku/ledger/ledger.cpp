#include "itaku/ledger/ledger.hpp"

#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "itaku/core/log.hpp"
#include "itaku/ledger/checkpoint_file.hpp"
#include "itaku/ledger/tiles.hpp"
#include "itaku/tlog/tile.hpp"

namespace itaku::ledger {

namespace {
constexpr std::string_view kEntryColumns[] = {"seq", "leaf_hash", "entry"};
// A ledger without tiles (written before them) gets them built at open, this many leaves
// per transaction.
constexpr std::uint64_t kTileBuildChunk = 65536;
// Full tiles kept in memory for proofs: about 16 KiB each with their inner subtrees. Proofs
// near the right edge, the usual ones, need few besides the partial tiles, which are always held.
constexpr std::size_t kCachedTiles = 64;
// While gathering a batch, the writer is woken to write rows once this many requests wait.
constexpr std::size_t kWakeChunk = 16;

// Sleeps until `word` no longer holds `expected` (or a spurious wake). std::atomic::wait would
// do, but libstdc++ spins and calls sched_yield before it sleeps: with dozens of callers
// waiting for an fsync on two cores, those yields took an eighth of the CPU.
void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected) {
  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}

void futex_wake_all(std::atomic<std::uint32_t>& word) {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
}

Error empty_append_error() {
  return make_error(ErrorKind::Invalid, "ledger.empty_append", "追記する項目がありません", "nothing to append");
}

Error closed_error() {
  return make_error(ErrorKind::Unavailable, "ledger.closed", "台帳は閉じられています", "the ledger is closed");
}

Result<std::optional<SignedCheckpoint>> read_latest_checkpoint(storage::Transaction& tx,
                                                               const tlog::NoteVerifier& verifier,
                                                               const std::string& origin, Timestamp* created_at) {
  std::optional<SignedCheckpoint> latest;
  std::int64_t created_us = 0;
  std::string note;
  TRY(tx.query("SELECT note, created_at_us FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1", {},
               [&](const storage::Row& row) -> Result<void> {
                 note = std::string(row.text(0));
                 created_us = row.int64(1);
                 return ok();
               }));
  if (note.empty()) return latest;
  auto checkpoint = TRY(tlog::open_checkpoint(note, verifier, origin));
  latest = SignedCheckpoint{std::move(checkpoint), std::move(note)};
  if (created_at) *created_at = from_unix_micros(created_us);
  return latest;
}

Result<void> insert_checkpoint(storage::Transaction& tx, const SignedCheckpoint& signed_checkpoint, Timestamp at) {
  const storage::Param params[] = {static_cast<std::int64_t>(signed_checkpoint.checkpoint.size),
                                   storage::Text{signed_checkpoint.note}, to_unix_micros(at)};
  return tx.execute("INSERT INTO ledger_checkpoints (tree_size, note, created_at_us) VALUES (?, ?, ?)", params);
}

Result<SignedCheckpoint> sign(const std::string& origin, std::uint64_t size, const tlog::Hash& root,
                              const tlog::NoteSigner& signer) {
  tlog::Checkpoint checkpoint{origin, size, root, {}};
  auto note = TRY(tlog::sign_checkpoint(checkpoint, signer));
  return SignedCheckpoint{std::move(checkpoint), std::move(note)};
}

}  // namespace

std::string wrap_entry(const CanonicalJson& event, std::uint64_t index) {
  // Keys in byte order ("event" < "seq") and no whitespace keep the wrapper canonical
  // without re-serialising the event.
  std::string out;
  const auto seq = std::to_string(index);
  out.reserve(event.bytes().size() + seq.size() + 17);
  out += "{\"event\":";
  out += event.bytes();
  out += ",\"seq\":";
  out += seq;
  out += '}';
  return out;
}

Result<LedgerIdentity> read_identity(storage::Database& database) {
  auto tx = TRY(database.begin(storage::TransactionMode::Read));
  LedgerIdentity identity;
  TRY(tx->query("SELECT key, value FROM ledger_meta", {}, [&](const storage::Row& row) -> Result<void> {
    if (row.text(0) == "origin") identity.origin = std::string(row.text(1));
    if (row.text(0) == "verifier_key") identity.verifier_key = std::string(row.text(1));
    return ok();
  }));
  if (identity.origin.empty() || identity.verifier_key.empty())
    return make_error(ErrorKind::NotFound, "ledger.not_initialised",
                      "台帳が初期化されていません。先に itaku init を実行してください",
                      "the ledger is not initialised; run `itaku init` first");
  return identity;
}

Result<void> initialise_ledger(storage::Database& database, const tlog::NoteSigner& signer, const Clock& clock) {
  auto tx = TRY(database.begin(storage::TransactionMode::Write));
  const auto existing = TRY(tx->query_int("SELECT COUNT(*) FROM ledger_meta")).value_or(0) +
                        TRY(tx->query_int("SELECT COUNT(*) FROM ledger_entries")).value_or(0);
  if (existing != 0)
    return make_error(ErrorKind::Conflict, "ledger.already_initialised", "台帳はすでに初期化されています",
                      "the ledger is already initialised");
  const auto& origin = signer.name();
  const auto verifier_key = signer.verifier().to_string();
  for (const auto& [key, value] : {std::pair{"origin", origin}, std::pair{"verifier_key", verifier_key}}) {
    const storage::Param params[] = {storage::Text{key}, storage::Text{value}};
    TRY(tx->execute("INSERT INTO ledger_meta (key, value) VALUES (?, ?)", params));
  }
  // The genesis entry records the key in the ledger itself, so an export carries the key
  // its checkpoints were signed with from its first line of history.
  const auto now = clock.now();
  auto genesis = TRY(CanonicalJson::from_object(nlohmann::json{
      {"type", "ledger.initialised"}, {"origin", origin}, {"verifier_key", verifier_key}, {"at", format_utc(now)}}));
  const auto entry = wrap_entry(genesis, 0);
  const auto leaf = tlog::leaf_hash(as_bytes(entry));
  const storage::Param row[] = {std::int64_t{0}, storage::Blob{leaf}, storage::Blob{as_bytes(entry)}};
  TRY(tx->insert_many("ledger_entries", kEntryColumns, row));
  tlog::TileEdge edge;
  std::vector<tlog::FilledTile> filled;
  edge.append(leaf, filled);
  TRY(write_tiles(*tx, filled, edge));
  // A one-leaf tree's root is its leaf hash (RFC 9162 §2.1.1).
  TRY(insert_checkpoint(*tx, TRY(sign(origin, 1, leaf, signer)), now));
  return tx->commit();
}

class Ledger::Impl {
 public:
  Impl(storage::Database& database, tlog::NoteSigner signer, const Clock& clock, LedgerOptions options)
      : database_(database), signer_(std::move(signer)), clock_(clock), options_(std::move(options)) {}

  ~Impl() {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    if (writer_.joinable()) writer_.join();
  }

  Result<void> load() {
    auto identity = TRY(read_identity(database_));
    if (identity.verifier_key != signer_.verifier().to_string())
      return make_error(ErrorKind::Conflict, "ledger.key_mismatch", "署名鍵がこの台帳の鍵と一致しません",
                        "the signing key is not this ledger's key")
          .with("ledger_key", identity.verifier_key);
    origin_ = identity.origin;
    // Only the right edge of the tree is read: a few rows whatever the ledger's size.
    std::uint64_t stored = 0;
    std::uint64_t tiled = 0;
    {
      auto tx = TRY(database_.begin(storage::TransactionMode::Read));
      stored = TRY(stored_entries(*tx));
      tiled = TRY(stored_tiles_size(*tx));
    }
    if (tiled < stored) TRY(build_missing_tiles());
    {
      auto tx = TRY(database_.begin(storage::TransactionMode::Read));
      stored = TRY(stored_entries(*tx));
      tiled = TRY(stored_tiles_size(*tx));
      // Tiles behind the entries now can only be those of entries another process appended
      // without them (a version before tiles): the first batch builds them (catch_up).
      auto edge = TRY(read_tile_edge(*tx, std::min(stored, tiled)));
      TRY(check_edge_against_entries(*tx, edge));
      latest_ = TRY(read_latest_checkpoint(*tx, signer_.verifier(), origin_, &last_checkpoint_at_));
      publish(std::make_shared<const tlog::TileEdge>(std::move(edge)));
    }
    TRY(check_stored_tree());
    if (tiled > stored) TRY(truncate_tiles_beyond_entries());
    if (latest_) save_checkpoint(*latest_);
    return ok();
  }

  // The tree at size() against what was signed: a checkpoint this instance (or the city) saw
  // before must still be part of the ledger, otherwise the database was put back from an older
  // copy and appending would reuse indices that receipts and exports already name; and the
  // tiles must give the latest signed root, or the proofs made from them would not verify.
  Result<void> check_stored_tree() {
    const auto reader = this->reader();
    const auto root_at = [&](std::uint64_t size) { return tlog::root_at(reader, size); };
    const auto seen = TRY(read_checkpoint_files(options_.checkpoint_files, signer_.verifier(), origin_));
    for (const auto& checkpoint : seen) TRY(check_against_seen(checkpoint, size(), root_at));
    if (latest_ && latest_->checkpoint.size <= size() &&
        TRY(root_at(latest_->checkpoint.size)) != latest_->checkpoint.root)
      return make_error(ErrorKind::Tampered, "ledger.tiles_mismatch",
                        "保存されたタイルから求めた根が最新の署名済みチェックポイントと一致しません。itaku ledger "
                        "verify で確認してください",
                        "the root computed from the stored tiles does not match the latest signed checkpoint; run "
                        "`itaku ledger verify`")
          .with("checkpoint_size", std::to_string(latest_->checkpoint.size));
    return ok();
  }

  // A database written before the tiles existed, or whose tiles were deleted, gets them built
  // from the stored leaf hashes, kTileBuildChunk leaves per transaction: the write lock is never
  // held for long, and a build that is interrupted goes on where it stopped at the next open.
  Result<void> build_missing_tiles() {
    for (bool first = true;; first = false) {
      auto tx = TRY(database_.begin(storage::TransactionMode::Write));
      const auto stored = TRY(stored_entries(*tx));
      const auto tiled = TRY(stored_tiles_size(*tx));
      if (tiled >= stored) return ok();
      if (first) log::info("ledger.tiles_building", {{"entries", stored}, {"tiled", tiled}});
      auto edge = TRY(read_tile_edge(*tx, tiled));
      TRY(extend_tiles(*tx, edge, std::min(stored, tiled + kTileBuildChunk)));
      TRY(tx->commit());
    }
  }

  // Tiles beyond the last entry belong to entries that were removed (a database put back from
  // an older copy, with tiles newer than its entries): the entries are the reference, so the
  // tiles are cut back to them before anything is appended at those indices again.
  Result<void> truncate_tiles_beyond_entries() {
    auto tx = TRY(database_.begin(storage::TransactionMode::Write));
    const auto stored = TRY(stored_entries(*tx));
    const auto tiled = TRY(stored_tiles_size(*tx));
    if (tiled <= stored) return ok();
    log::warn("ledger.tiles_truncated", {{"entries", stored}, {"tiled", tiled}});
    TRY(truncate_tiles(*tx, stored));
    return tx->commit();
  }

  void start() {
    writer_ = std::thread([this] { run(); });
  }

  struct Request {
    std::span<const CanonicalJson> events;
    const ApplyInTransaction* apply = nullptr;
    // append_decided: the events are what this returns inside the batch's transaction.
    const Decide* decide = nullptr;
    std::vector<CanonicalJson> decided;
    bool force_checkpoint = false;
    std::uint64_t first_index = 0;
    std::optional<Error> error;
    std::atomic<bool> done{false};
    // Set for append_async: the request owns its events and is completed and deleted by the
    // writer instead of being waited for.
    std::vector<CanonicalJson> owned_events;
    ApplyInTransaction owned_apply;
    Completion completion;
  };

  Result<std::uint64_t> submit(Request& request) {
    if (!enqueue(&request)) return closed_error();
    // All callers sleep on one futex word that the writer bumps once per batch, so waking a
    // whole batch is one system call instead of one per caller.
    for (;;) {
      const auto generation = completed_.load(std::memory_order_acquire);
      if (request.done.load(std::memory_order_acquire)) break;
      futex_wait(completed_, generation);
    }
    if (request.error) return *request.error;
    return request.first_index;
  }

  void submit_async(std::unique_ptr<Request> request) {
    if (!enqueue(request.get())) {
      request->completion(closed_error());
      return;
    }
    (void)request.release();  // the writer deletes it once completed
  }

  std::uint64_t size() const { return committed_size_.load(std::memory_order_acquire); }

  std::optional<SignedCheckpoint> latest() const {
    std::lock_guard lock(latest_mutex_);
    return latest_;
  }

  // The right edge of the tree at size() or later.
  std::shared_ptr<const tlog::TileEdge> edge() const {
    std::lock_guard lock(edge_mutex_);
    return edge_;
  }

  // The tree for proofs up to size(), for one call on one thread.
  TileReader reader() const { return TileReader(database_, tile_cache_, edge()); }

  Result<void> check_size(std::uint64_t size) const {
    if (size > this->size())
      return make_error(ErrorKind::NotFound, "ledger.beyond_size", "指定した木のサイズは台帳の現在の件数を超えています",
                        "the tree size is beyond the ledger's current size")
          .with("size", std::to_string(size))
          .with("ledger_size", std::to_string(this->size()));
    return ok();
  }

  storage::Database& database() const { return database_; }
  TileCache& tile_cache() const { return tile_cache_; }
  const std::string& origin() const { return origin_; }
  const tlog::NoteSigner& signer() const { return signer_; }
  LedgerStats stats() const { return {batches_.load(), entries_.load(), checkpoints_.load()}; }

 private:
  // Queues a request for the writer; false when the ledger is closing.
  bool enqueue(Request* request) {
    bool notify = false;
    {
      std::lock_guard lock(queue_mutex_);
      if (stopping_) return false;
      queue_.push_back(request);
      // Wake the writer only when it may be waiting for this: idle (first request), or
      // gathering a batch that is now full enough or has a chunk of rows to write.
      notify = filling_ ? filled_ + queue_.size() >= fill_target_ || queue_.size() >= kWakeChunk : queue_.size() == 1;
    }
    if (notify) queue_cv_.notify_one();
    return true;
  }

  // Makes `edge` the tree readers see, and its size the ledger's: after its entries are
  // committed. The edge is replaced, never changed, so a reader holding the old one goes on.
  void publish(std::shared_ptr<const tlog::TileEdge> edge) {
    const auto size = edge->size();
    {
      std::lock_guard lock(edge_mutex_);
      edge_ = std::move(edge);
    }
    // Published after the edge: a reader that sees this size gets an edge at least as large.
    committed_size_.store(size, std::memory_order_release);
  }

  // The edge a batch appends to: this instance's, or the stored tree's when another process
  // appended since (several instances on one database), read under the batch's write lock.
  // That process wrote its tiles with its entries; if it wrote none (a version before tiles),
  // they are built in the batch's transaction and the edge is published with the batch.
  Result<std::shared_ptr<const tlog::TileEdge>> catch_up(storage::Transaction& tx) {
    auto current = edge();
    const auto stored = TRY(stored_entries(tx));
    if (stored == current->size()) return current;
    if (stored < current->size())
      return make_error(ErrorKind::Tampered, "ledger.shrunk", "保存されている台帳が短くなっています",
                        "the stored ledger has fewer entries than were appended")
          .with("stored", std::to_string(stored))
          .with("expected", std::to_string(current->size()));
    const auto tiled = TRY(stored_tiles_size(tx));
    auto caught_up = std::make_shared<tlog::TileEdge>(TRY(read_tile_edge(tx, std::min(stored, tiled))));
    if (caught_up->size() < stored)
      TRY(extend_tiles(tx, *caught_up, stored));
    else
      publish(caught_up);
    std::lock_guard lock(latest_mutex_);
    latest_ = TRY(read_latest_checkpoint(tx, signer_.verifier(), origin_, &last_checkpoint_at_));
    return std::shared_ptr<const tlog::TileEdge>(std::move(caught_up));
  }

  void run() {
    std::vector<Request*> batch;
    for (;;) {
      {
        std::unique_lock lock(queue_mutex_);
        const auto woken = [&] { return !queue_.empty() || stopping_; };
        if (const auto wait = until_checkpoint_due()) {
          // Entries after the latest checkpoint are signed once the interval has passed even
          // if nothing else is appended: an unsigned tail could be deleted unnoticed.
          if (!queue_cv_.wait_for(lock, *wait, woken)) {
            lock.unlock();
            sign_idle_tail();
            continue;
          }
        } else {
          queue_cv_.wait(lock, woken);
        }
        if (queue_.empty()) break;
      }
      fill_and_write(batch);
      complete(batch);
      batch.clear();
    }
    // Closing: cover everything appended with a signed checkpoint.
    Request final_checkpoint;
    final_checkpoint.force_checkpoint = true;
    Request* only[] = {&final_checkpoint};
    (void)write_batch(only);
  }

  // How long until the unsigned tail is due for a checkpoint; nothing when every entry is
  // signed. Measured with the injected clock, so tests can move time on.
  std::optional<std::chrono::milliseconds> until_checkpoint_due() const {
    std::lock_guard lock(latest_mutex_);
    const auto signed_size = latest_ ? latest_->checkpoint.size : 0;
    if (committed_size_.load(std::memory_order_acquire) <= signed_size) return std::nullopt;
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - last_checkpoint_at_);
    const auto remaining = options_.checkpoint_interval - elapsed;
    // Never a busy loop: a failing database is tried again at most every kRetry.
    constexpr std::chrono::milliseconds kRetry{10};
    if (idle_sign_failed_) return std::max(options_.checkpoint_interval, std::chrono::milliseconds{100});
    return std::max(remaining, kRetry);
  }

  // Signs a checkpoint for the unsigned tail once it is due.
  void sign_idle_tail() {
    {
      std::lock_guard lock(latest_mutex_);
      if (clock_.now() - last_checkpoint_at_ < options_.checkpoint_interval) return;
    }
    Request request;
    request.force_checkpoint = true;
    Request* only[] = {&request};
    auto written = write_batch(only);
    idle_sign_failed_ = !written;
    if (!written) log::warn("ledger.checkpoint_failed", {{"error", written.error().describe()}});
  }

  // Writes a newly signed checkpoint to the files kept outside the database, unless a file
  // already holds a larger one (another process on this data directory was quicker). A failure
  // is logged: the entries are durable, only the protection against a rollback lags.
  void save_checkpoint(const SignedCheckpoint& checkpoint) {
    for (const auto& file : options_.checkpoint_files) {
      if (file.empty()) continue;
      const auto seen = read_checkpoint_files(std::span(&file, 1), signer_.verifier(), origin_);
      if (seen && !seen->empty() && seen->front().checkpoint.size >= checkpoint.checkpoint.size) continue;
      if (auto written = write_checkpoint_file(file, checkpoint.note); !written)
        log::warn("ledger.checkpoint_file_failed", {{"file", file.string()}, {"error", written.error().describe()}});
    }
  }

  // Wakes every caller of a finished batch (one futex call) and runs the asynchronous
  // requests' completions.
  void complete(std::span<Request* const> batch) {
    asynchronous_.clear();
    for (Request* request : batch) {
      if (request->completion) {
        asynchronous_.emplace_back(request);
        continue;
      }
      // After this store the request's owner may return and destroy it.
      request->done.store(true, std::memory_order_release);
    }
    completed_.fetch_add(1, std::memory_order_acq_rel);
    futex_wake_all(completed_);
    for (auto& request : asynchronous_) {
      if (request->error)
        request->completion(std::move(*request->error));
      else
        request->completion(request->first_index);
    }
    asynchronous_.clear();
  }

  // Moves queued requests into `batch` (at most max_batch_entries entries in all); returns
  // how many it moved. Called with queue_mutex_ held.
  std::size_t take_queued(std::vector<Request*>& batch, std::size_t& entries) {
    std::size_t taken = 0;
    while (!queue_.empty()) {
      Request* next = queue_.front();
      if (!batch.empty() && entries + next->events.size() > options_.max_batch_entries) break;
      entries += next->events.size();
      batch.push_back(next);
      queue_.pop_front();
      ++taken;
    }
    filled_ = batch.size();
    return taken;
  }

  // Gathers one batch and writes it. The transaction is opened when the first request is
  // there, and each request's rows are written as it arrives, while the callers woken by the
  // previous batch are still coming back: once the batch is as large as the last one (or
  // group_commit_wait has passed), only the commit and its fsync remain. Every request in
  // `batch` has its result (first_index or error) when this returns.
  void fill_and_write(std::vector<Request*>& batch) {
    const auto deadline = std::chrono::steady_clock::now() + options_.group_commit_wait;
    std::size_t entries = 0;
    {
      std::lock_guard lock(queue_mutex_);
      filling_ = true;
      take_queued(batch, entries);
    }
    auto stop_filling = [&] {
      std::lock_guard lock(queue_mutex_);
      filling_ = false;
      filled_ = 0;
      fill_target_ = std::max<std::size_t>(1, batch.size());
    };
    // Every request still without a result gets this one; no more are taken.
    auto finish = [&](const Result<void>& result) {
      stop_filling();
      if (!result)
        for (Request* request : batch)
          if (!request->error) request->error = result.error();
    };
    auto opened = open_batch();
    if (!opened) return finish(opened.error());
    OpenBatch open = opened.release_value();
    std::size_t written = 0;
    for (;;) {
      for (; written < batch.size(); ++written) {
        if (auto added = add(open, *batch[written]); !added) {
          // A projection failed: its own request fails; the others are written again without
          // it (the transaction with its rows is rolled back).
          batch[written]->error = added.release_error();
          open.tx.reset();
          std::vector<Request*> rest = batch;
          rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(written));
          return finish(write_batch_excluding_failed_applies(std::move(rest)));
        }
      }
      std::unique_lock lock(queue_mutex_);
      if (take_queued(batch, entries) > 0) continue;
      // Requests still queued are ones that would not fit: the batch is full.
      if (!queue_.empty() || stopping_ || batch.size() >= fill_target_ || std::chrono::steady_clock::now() >= deadline)
        break;
      lock.unlock();
      // Rows written while the rest of the batch is on its way.
      if (auto flushed = flush(open); !flushed) return finish(flushed);
      lock.lock();
      queue_cv_.wait_until(lock, deadline, [&] { return !queue_.empty() || stopping_; });
    }
    finish(commit(open));
  }

  // A transaction being filled with requests.
  struct OpenBatch {
    std::unique_ptr<storage::Transaction> tx;
    std::shared_ptr<const tlog::TileEdge> edge;  // the tree before this batch
    std::uint64_t base = 0;
    std::uint64_t count = 0;    // entries added
    std::uint64_t flushed = 0;  // entries whose rows are written
    bool force_checkpoint = false;
  };

  Result<OpenBatch> open_batch() {
    OpenBatch open;
    open.tx = TRY(database_.begin(storage::TransactionMode::Write));
    open.edge = TRY(catch_up(*open.tx));
    open.base = open.edge->size();
    entries_buffer_.clear();
    leaves_buffer_.clear();
    return open;
  }

  // Adds a request's entries to the batch and runs its projection.
  Result<void> add(OpenBatch& open, Request& request) {
    request.first_index = open.base + open.count;
    if (request.decide != nullptr) {
      // Decided now, on every committed entry (a batch written again decides again).
      request.error.reset();
      request.events = {};
      auto decided = (*request.decide)(*open.tx, open.base, request.first_index);
      if (!decided) {
        request.error = decided.release_error();
        return ok();
      }
      if (decided->empty()) {
        request.error = empty_append_error();
        return ok();
      }
      request.decided = decided.release_value();
      request.events = request.decided;
    }
    open.force_checkpoint = open.force_checkpoint || request.force_checkpoint;
    for (const auto& event : request.events) {
      entries_buffer_.push_back(wrap_entry(event, open.base + open.count));
      leaves_buffer_.push_back(tlog::leaf_hash(as_bytes(entries_buffer_.back())));
      ++open.count;
    }
    if (request.apply != nullptr && *request.apply) return (*request.apply)(*open.tx, request.first_index);
    return ok();
  }

  // Writes the rows of the entries added since the last flush.
  Result<void> flush(OpenBatch& open) {
    if (open.flushed == open.count) return ok();
    params_buffer_.clear();
    params_buffer_.reserve((open.count - open.flushed) * 3);
    for (auto i = open.flushed; i < open.count; ++i) {
      params_buffer_.emplace_back(static_cast<std::int64_t>(open.base + i));
      params_buffer_.emplace_back(storage::Blob{leaves_buffer_[i]});
      params_buffer_.emplace_back(storage::Blob{as_bytes(entries_buffer_[i])});
    }
    TRY(open.tx->insert_many("ledger_entries", kEntryColumns, params_buffer_));
    open.flushed = open.count;
    return ok();
  }

  // Writes the remaining rows and the tiles, signs a checkpoint when one is due and commits
  // (one fsync).
  Result<void> commit(OpenBatch& open) {
    TRY(flush(open));
    // The tree grows on a copy of the edge (a few partial tiles), published only once the batch
    // is durable: readers never see a size that is not committed, and a failed batch leaves
    // nothing to undo.
    auto edge = std::make_shared<tlog::TileEdge>(*open.edge);
    filled_buffer_.clear();
    for (const auto& leaf : leaves_buffer_) edge->append(leaf, filled_buffer_);
    if (open.count > 0) TRY(write_tiles(*open.tx, filled_buffer_, *edge));

    const std::uint64_t new_size = edge->size();
    const auto now = clock_.now();
    std::optional<SignedCheckpoint> signed_checkpoint;
    const auto current = latest();
    const bool covered = current && current->checkpoint.size == new_size;
    const bool due = open.count > 0 && now - last_checkpoint_at_ >= options_.checkpoint_interval;
    if (!covered && new_size > 0 && (open.force_checkpoint || due)) {
      signed_checkpoint = TRY(sign(origin_, new_size, edge->root(), signer_));
      TRY(insert_checkpoint(*open.tx, *signed_checkpoint, now));
    }
    TRY(open.tx->commit());

    // Tiles just filled are the likeliest to be read next: proofs of recent entries.
    for (auto& [id, tile] : filled_buffer_) tile_cache_.insert(id, std::make_shared<const tlog::Tile>(std::move(tile)));
    filled_buffer_.clear();
    publish(std::move(edge));
    if (signed_checkpoint) {
      save_checkpoint(*signed_checkpoint);
      std::lock_guard lock(latest_mutex_);
      latest_ = std::move(signed_checkpoint);
      last_checkpoint_at_ = now;
      checkpoints_.fetch_add(1, std::memory_order_relaxed);
    }
    batches_.fetch_add(1, std::memory_order_relaxed);
    entries_.fetch_add(open.count, std::memory_order_relaxed);
    return ok();
  }

  // A request whose projection fails is taken out and the batch written again without it, so
  // one bad command cannot fail the appends it happened to share a transaction with.
  Result<void> write_batch_excluding_failed_applies(std::vector<Request*> remaining) {
    for (;;) {
      Request* failed = nullptr;
      auto written = write_batch(remaining, &failed);
      if (written || failed == nullptr) return written;
      failed->error = written.release_error();
      std::erase(remaining, failed);
      if (remaining.empty()) return ok();
    }
  }

  // Writes requests that are all there already in one transaction.
  Result<void> write_batch(std::span<Request* const> batch, Request** failed_apply = nullptr) {
    auto open = TRY(open_batch());
    for (Request* request : batch)
      if (auto added = add(open, *request); !added) {
        if (failed_apply) *failed_apply = request;
        return added;
      }
    return commit(open);
  }

  storage::Database& database_;
  tlog::NoteSigner signer_;
  const Clock& clock_;
  LedgerOptions options_;
  std::string origin_;

  // The tree's right edge at committed_size_ (or later, briefly): replaced by the writer, never
  // changed; readers take it under the mutex and use it without. Everything left of it is read
  // from the stored tiles.
  mutable std::mutex edge_mutex_;
  std::shared_ptr<const tlog::TileEdge> edge_ = std::make_shared<const tlog::TileEdge>();
  mutable TileCache tile_cache_{kCachedTiles};
  std::atomic<std::uint64_t> committed_size_{0};

  mutable std::mutex latest_mutex_;
  std::optional<SignedCheckpoint> latest_;
  Timestamp last_checkpoint_at_{};

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Request*> queue_;
  bool stopping_ = false;
  std::size_t fill_target_ = 1;              // requests in the last batch
  bool filling_ = false;                     // the writer is gathering a batch
  std::size_t filled_ = 0;                   // requests it has taken into it so far
  std::atomic<std::uint32_t> completed_{0};  // batches completed; the futex callers sleep on
  std::thread writer_;
  std::vector<std::unique_ptr<Request>> asynchronous_;  // the writer's, per batch

  // Reused by the writer thread between batches to avoid reallocating.
  std::vector<std::string> entries_buffer_;
  std::vector<tlog::Hash> leaves_buffer_;
  std::vector<tlog::FilledTile> filled_buffer_;
  std::vector<storage::Param> params_buffer_;

  bool idle_sign_failed_ = false;  // the writer's: the last idle checkpoint could not be written

  std::atomic<std::uint64_t> batches_{0};
  std::atomic<std::uint64_t> entries_{0};
  std::atomic<std::uint64_t> checkpoints_{0};
};

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ledger::~Ledger() = default;

Result<std::unique_ptr<Ledger>> Ledger::open(storage::Database& database, tlog::NoteSigner signer, const Clock& clock,
                                             LedgerOptions options) {
  auto impl = std::make_unique<Impl>(database, std::move(signer), clock, std::move(options));
  TRY(impl->load());
  impl->start();
  return std::unique_ptr<Ledger>(new Ledger(std::move(impl)));
}

Result<std::uint64_t> Ledger::append(const CanonicalJson& event) {
  return append_all(std::span<const CanonicalJson>(&event, 1));
}

Result<std::uint64_t> Ledger::append_all(std::span<const CanonicalJson> events) { return append_all(events, {}); }

Result<std::uint64_t> Ledger::append_all(std::span<const CanonicalJson> events, const ApplyInTransaction& apply) {
  if (events.empty()) return empty_append_error();
  Impl::Request request;
  request.events = events;
  request.apply = &apply;
  return impl_->submit(request);
}

Result<std::uint64_t> Ledger::append_decided(const Decide& decide, const ApplyInTransaction& apply) {
  Impl::Request request;
  request.decide = &decide;
  request.apply = &apply;
  return impl_->submit(request);
}

void Ledger::append_async(std::vector<CanonicalJson> events, ApplyInTransaction apply, Completion done) {
  if (events.empty()) {
    done(empty_append_error());
    return;
  }
  auto request = std::make_unique<Impl::Request>();
  request->owned_events = std::move(events);
  request->owned_apply = std::move(apply);
  request->events = request->owned_events;
  request->apply = &request->owned_apply;
  request->completion = std::move(done);
  impl_->submit_async(std::move(request));
}

Result<SignedCheckpoint> Ledger::checkpoint_now() {
  Impl::Request request;
  request.force_checkpoint = true;
  TRY(impl_->submit(request));
  auto latest = impl_->latest();
  if (!latest)
    return make_error(ErrorKind::NotFound, "ledger.no_checkpoint", "チェックポイントがありません",
                      "there is no checkpoint");
  return *latest;
}

std::uint64_t Ledger::size() const { return impl_->size(); }
std::optional<SignedCheckpoint> Ledger::latest_checkpoint() const { return impl_->latest(); }
const std::string& Ledger::origin() const { return impl_->origin(); }
tlog::NoteVerifier Ledger::verifier() const { return impl_->signer().verifier(); }
LedgerStats Ledger::stats() const { return impl_->stats(); }

Result<tlog::Hash> Ledger::root_at(std::uint64_t size) const {
  TRY(impl_->check_size(size));
  return tlog::root_at(impl_->reader(), size);
}

Result<std::vector<tlog::Hash>> Ledger::inclusion_proof(std::uint64_t index, std::uint64_t size) const {
  TRY(impl_->check_size(size));
  return tlog::inclusion_proof(impl_->reader(), index, size);
}

Result<std::vector<tlog::Hash>> Ledger::multi_inclusion_proof(std::span<const std::uint64_t> indices,
                                                              std::uint64_t size) const {
  TRY(impl_->check_size(size));
  return tlog::multi_inclusion_proof(impl_->reader(), indices, size);
}

Result<std::vector<tlog::Hash>> Ledger::consistency_proof(std::uint64_t old_size, std::uint64_t new_size) const {
  TRY(impl_->check_size(new_size));
  return tlog::consistency_proof(impl_->reader(), old_size, new_size);
}

Result<tlog::Hash> Ledger::leaf_hash(std::uint64_t index) const {
  if (index >= size())
    return make_error(ErrorKind::NotFound, "ledger.no_entry", "その番号の項目はありません", "no entry at that index")
        .with("index", std::to_string(index));
  return impl_->reader().subtree(0, index);
}

Result<std::string> Ledger::entry(std::uint64_t index) const {
  auto tx = TRY(impl_->database().begin(storage::TransactionMode::Read));
  std::optional<std::string> entry;
  const storage::Param params[] = {static_cast<std::int64_t>(index)};
  TRY(tx->query("SELECT entry FROM ledger_entries WHERE seq = ?", params, [&](const storage::Row& row) -> Result<void> {
    entry = std::string(as_chars(row.blob(0)));
    return ok();
  }));
  if (!entry)
    return make_error(ErrorKind::NotFound, "ledger.no_entry", "その番号の項目はありません", "no entry at that index")
        .with("index", std::to_string(index));
  return *entry;
}

Result<std::vector<std::string>> Ledger::entries(std::uint64_t first, std::uint64_t count) const {
  auto tx = TRY(impl_->database().begin(storage::TransactionMode::Read));
  std::vector<std::string> out;
  out.reserve(count);
  const storage::Param params[] = {static_cast<std::int64_t>(first), static_cast<std::int64_t>(first + count)};
  TRY(tx->query("SELECT seq, entry FROM ledger_entries WHERE seq >= ? AND seq < ? ORDER BY seq", params,
                [&](const storage::Row& row) -> Result<void> {
                  if (static_cast<std::uint64_t>(row.int64(0)) != first + out.size()) return ok();
                  out.emplace_back(as_chars(row.blob(1)));
                  return ok();
                }));
  if (out.size() != count)
    return make_error(ErrorKind::NotFound, "ledger.no_entry", "その番号の項目はありません", "no entry at that index")
        .with("index", std::to_string(first + out.size()));
  return out;
}

Result<Bytes> Ledger::tile(const tlog::TileId& id, std::uint64_t width, std::uint64_t size) const {
  TRY(impl_->check_size(size));
  if (width == 0 || width > tlog::kTileWidth || tlog::tile_width(id, size) < width)
    return make_error(ErrorKind::NotFound, "ledger.no_tile", "その木にはそのタイルがありません",
                      "the tree has no such tile")
        .with("level", std::to_string(id.level))
        .with("tile_index", std::to_string(id.index))
        .with("width", std::to_string(width))
        .with("tree_size", std::to_string(size));
  const auto take = [width](ByteView hashes) {
    const auto bytes = hashes.first(width * sizeof(tlog::Hash));
    return Bytes(bytes.begin(), bytes.end());
  };
  // The edge is at size() or later, so the tile is full there or it is the edge's partial tile.
  const auto edge = impl_->edge();
  if (tlog::tile_width(id, edge->size()) < tlog::kTileWidth) return take(edge->partial(id.level).bytes());
  const auto full = TRY(TileReader(impl_->database(), impl_->tile_cache(), edge).full_tile(id));
  return take(full->bytes());
}

Result<std::optional<std::string>> Ledger::checkpoint_note(std::uint64_t size) const {
  auto tx = TRY(impl_->database().begin(storage::TransactionMode::Read));
  std::optional<std::string> note;
  const storage::Param params[] = {static_cast<std::int64_t>(size)};
  TRY(tx->query("SELECT note FROM ledger_checkpoints WHERE tree_size = ?", params,
                [&](const storage::Row& row) -> Result<void> {
                  note = std::string(row.text(0));
                  return ok();
                }));
  return note;
}

}  // namespace itaku::ledger
