#pragma once
// One storage interface, two backends (SQLite, PostgreSQL). SQL is written once with `?`
// placeholders; the PostgreSQL backend rewrites them to $1, $2, …. The migrations are written
// once too, naming the column types whose names differ by placeholders (migrate.hpp).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "itaku/core/bytes.hpp"
#include "itaku/core/result.hpp"

namespace itaku::storage {

enum class Backend { Sqlite, Postgres };
std::string_view to_string(Backend backend);

// A bound parameter. Views: the referenced data must outlive the call that binds it.
struct Text {
  std::string_view value;
};
struct Blob {
  ByteView value;
};
using Param = std::variant<std::nullptr_t, std::int64_t, Text, Blob>;

// One result row, valid only inside the callback that receives it.
class Row {
 public:
  virtual ~Row() = default;
  virtual int column_count() const = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual std::string_view text(int column) const = 0;
  virtual ByteView blob(int column) const = 0;
};
using RowCallback = std::function<Result<void>(const Row&)>;

enum class TransactionMode {
  Read,   // a consistent snapshot; no writes
  Write,  // takes the database's write lock at begin (SQLite BEGIN IMMEDIATE)
};

// A transaction on one connection. Destroying it without commit() rolls it back.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Result<void> execute(std::string_view sql, std::span<const Param> params = {}) = 0;
  // Runs several `;`-separated statements without parameters (migrations).
  virtual Result<void> execute_script(std::string_view sql) = 0;
  virtual Result<void> query(std::string_view sql, std::span<const Param> params, const RowCallback& on_row) = 0;
  // Inserts rows into `table`; `values` is row-major with columns.size() values per row.
  // Backends use their fastest bulk path (SQLite: one prepared statement; PostgreSQL: COPY).
  virtual Result<void> insert_many(std::string_view table, std::span<const std::string_view> columns,
                                   std::span<const Param> values) = 0;
  // Makes the transaction durable before returning (fsync on both backends).
  virtual Result<void> commit() = 0;

  // The first column of the first row, if there is a row and it is not NULL.
  Result<std::optional<std::int64_t>> query_int(std::string_view sql, std::span<const Param> params = {});
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Backend backend() const = 0;
  virtual Result<std::unique_ptr<Transaction>> begin(TransactionMode mode) = 0;
  // The URL with any password removed, for messages and logs.
  virtual std::string display_url() const = 0;
  // Writes a consistent copy of the whole database to the new file `destination` while other
  // connections go on writing, and syncs it (SQLite: VACUUM INTO, one read snapshot; in WAL
  // mode writers are not held up). PostgreSQL is backed up with pg_dump instead and answers
  // storage.backup_use_pg_dump (docs/DEPLOY.md).
  virtual Result<void> copy_to(const std::filesystem::path& destination);
};

// Opens `sqlite:PATH` (the file is created if missing) or `postgres://…`/`postgresql://…`.
Result<std::unique_ptr<Database>> open_database(std::string_view url);

// Applies the embedded migrations (migrate.hpp) that are not applied yet, filled for the
// database's backend.
Result<void> migrate(Database& database);

// Builds a storage error from a backend's message; `kind` is usually Unavailable or Io.
Error storage_error(ErrorKind kind, std::string code, std::string detail);

}  // namespace itaku::storage
