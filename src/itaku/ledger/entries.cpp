#include "itaku/ledger/entries.hpp"

namespace itaku::ledger {

Result<void> for_each_stored_entry(storage::Transaction& tx,
                                   const std::function<Result<void>(const StoredEntry&)>& on_entry,
                                   const std::function<void(std::uint64_t)>& after_chunk) {
  // Keyset pagination (seq >= next) rather than OFFSET: each chunk is an index range scan, and
  // a missing row does not shift the chunks.
  constexpr std::int64_t kChunk = 65536;
  std::int64_t next = 0;
  std::uint64_t read = 0;
  for (;;) {
    std::int64_t rows = 0;
    const storage::Param params[] = {next, kChunk};
    TRY(tx.query(
        "SELECT seq, leaf_hash, entry FROM ledger_entries WHERE seq >= ? ORDER BY seq LIMIT ?", params,
        [&](const storage::Row& row) -> Result<void> {
          ++rows;
          ++read;
          next = row.int64(0) + 1;
          return on_entry(StoredEntry{static_cast<std::uint64_t>(row.int64(0)), row.blob(1), as_chars(row.blob(2))});
        }));
    if (after_chunk) after_chunk(read);
    if (rows < kChunk) break;
  }
  return ok();
}

}  // namespace itaku::ledger
