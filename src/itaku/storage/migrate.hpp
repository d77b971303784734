#pragma once
// The schema migrations compiled into the binary, as each backend runs them. Each migration is
// one file, data/migrations/NNNN_name.sql, written once for both backends: the column types
// whose names differ are placeholders in double braces that fill_placeholders() replaces.
// migrate() (database.hpp) applies them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::storage {

// One migration with its placeholders filled for one backend.
struct Migration {
  std::int64_t version = 0;  // NNNN
  std::string name;          // NNNN_name.sql, the name schema_migrations records
  std::string sql;
};

// Replaces each placeholder in `source` with `backend`'s type:
//   {{int64}}  a 64-bit integer: INTEGER (SQLite), BIGINT (PostgreSQL)
//   {{bytes}}  a byte string:    BLOB (SQLite), BYTEA (PostgreSQL)
// Any other name in double braces, or a "{{" without its "}}", is an error (storage.migration_placeholder).
Result<std::string> fill_placeholders(std::string_view source, Backend backend);

// Every embedded migration filled for `backend`, in version order. Fails on a placeholder that
// fill_placeholders() refuses, a file name without a version, or two files with one version.
Result<std::vector<Migration>> migrations_for(Backend backend);

}  // namespace itaku::storage
