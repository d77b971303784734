#pragma once
// The SQLite backend: a file in WAL mode with synchronous=FULL, so a committed transaction
// has reached the disk (fsync of the WAL) before commit() returns.

#include <filesystem>
#include <memory>

#include "itaku/storage/database.hpp"

namespace itaku::storage {

Result<std::unique_ptr<Database>> open_sqlite(const std::filesystem::path& file);

}  // namespace itaku::storage
