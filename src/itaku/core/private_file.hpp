#pragma once
// Files that only their owner may read or write (mode 0600): the signing key, the secrets key,
// the saved checkpoints. They are written whole or not at all, so that neither a crash nor a
// concurrent reader ever sees half of one, and read only when no one else may read them.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "itaku/core/result.hpp"

namespace itaku {

// What write_private_file does when the file exists already.
enum class Existing {
  Refuse,   // leave it as it is and fail with core.file_exists (a key is never overwritten)
  Replace,  // replace its content in one step
};

// Creates `dir` and its parents where missing and makes `dir` accessible to its owner only,
// where the caller may change its mode. Errors: core.file_io.
Result<void> create_private_directory(const std::filesystem::path& dir);

// Writes `content` to `file` with mode 0600: to a temporary file in the same directory first,
// synced, then linked (Refuse) or renamed (Replace) into place, and the directory synced.
// Errors: core.file_exists (Conflict; Refuse only) and core.file_io (Io).
Result<void> write_private_file(const std::filesystem::path& file, std::string_view content, Existing existing);

// The whole content of `file`. Errors: core.file_missing (NotFound), core.file_open_to_others
// (Denied) when its group or others have any permission on it, core.file_too_large (Invalid)
// when it holds more than `max_size` bytes, core.file_io (Io).
Result<std::string> read_private_file(const std::filesystem::path& file, std::size_t max_size);

// Every error above names the file in its context ("file") and says what happened ("detail"),
// so that a caller that reports it under a code of its own keeps the cause.
std::string private_file_detail(const Error& error);

}  // namespace itaku
