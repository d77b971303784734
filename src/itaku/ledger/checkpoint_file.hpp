#pragma once
// The latest signed checkpoint kept outside the database, so that a database put back from an
// older copy (a restored backup, a copied file) is noticed: a ledger shorter than a checkpoint
// seen before, or one whose tree at that size has another root, is refused.
//
// The ledger writes the file after every checkpoint it signs (atomically: a temporary file,
// fsync, rename, fsync of the directory; mode 0600), to `<data-dir>/checkpoint.latest` and,
// when configured, to a copy the city keeps (ledger.checkpoint_copy, docs/CONFIG.md).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/tlog/checkpoint.hpp"
#include "itaku/tlog/merkle.hpp"
#include "itaku/tlog/note.hpp"

namespace itaku::ledger {

inline constexpr const char* kCheckpointFileName = "checkpoint.latest";

// `<data_dir>/checkpoint.latest`.
std::filesystem::path checkpoint_file_path(const std::filesystem::path& data_dir);

// Replaces `file` with `note` atomically and durably (mode 0600).
Result<void> write_checkpoint_file(const std::filesystem::path& file, std::string_view note);

// A checkpoint read from a file, with the file it came from (for messages).
struct SeenCheckpoint {
  tlog::Checkpoint checkpoint;
  std::string note;
  std::filesystem::path file;
};

// The checkpoints held by those of `files` that exist. A file whose note does not verify with
// `verifier` for `origin` is an error (ledger.checkpoint_file_invalid): it is either damaged
// or another ledger's, and either way it cannot vouch for this one.
Result<std::vector<SeenCheckpoint>> read_checkpoint_files(std::span<const std::filesystem::path> files,
                                                          const tlog::NoteVerifier& verifier,
                                                          const std::string& origin);

// Refuses a ledger of `size` entries (whose root at an earlier size `root_at` gives) that is
// shorter than `seen` (ledger.rollback) or has another root at its size (ledger.diverged).
using RootAt = std::function<Result<tlog::Hash>(std::uint64_t)>;
Result<void> check_against_seen(const SeenCheckpoint& seen, std::uint64_t size, const RootAt& root_at);

}  // namespace itaku::ledger
