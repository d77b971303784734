#pragma once
// Reading the stored entries in index order, in chunks, within one read transaction: the
// one loop that verification, export and replay share.

#include <cstdint>
#include <functional>
#include <string_view>

#include "itaku/core/bytes.hpp"
#include "itaku/core/result.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::ledger {

struct StoredEntry {
  std::uint64_t seq;
  ByteView leaf_hash;
  std::string_view entry;  // valid only during the callback
};

// Calls `on_entry` for every stored entry in index order; `after_chunk` (optional) gets the
// number read so far after each chunk, for progress.
Result<void> for_each_stored_entry(storage::Transaction& tx,
                                   const std::function<Result<void>(const StoredEntry&)>& on_entry,
                                   const std::function<void(std::uint64_t)>& after_chunk = {});

}  // namespace itaku::ledger
