#include "itaku/storage/sqlite_database.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <sqlite3.h>

namespace itaku::storage {

namespace {

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  std::string detail = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (primary == SQLITE_CONSTRAINT)
    return make_error(ErrorKind::Conflict, "storage.constraint", "一意制約などのデータベース制約に違反しました",
                      "a database constraint was violated")
        .with("detail", detail);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_CANTOPEN)
    return storage_error(ErrorKind::Unavailable, "storage.unavailable", detail);
  return storage_error(ErrorKind::Io, "storage.query_failed", detail);
}

// One connection; used by one transaction at a time. Prepared statements are cached by their
// SQL text because the same few statements run on every append.
class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }

  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "prepare");
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  // Runs a parameterless statement through the statement cache: BEGIN and COMMIT run once
  // per transaction, and parsing them each time is measurable on the append path.
  Result<void> run(std::string_view sql) {
    sqlite3_stmt* stmt = TRY(prepare(sql));
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sqlite_error(db_, rc, sql);
    return ok();
  }

  Result<void> exec(const char* sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string detail = message ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      auto error = sqlite_error(nullptr, rc, "exec");
      return std::move(error).with("detail", detail);
    }
    return ok();
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

Result<void> bind(sqlite3* db, sqlite3_stmt* stmt, std::span<const Param> params) {
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt))
    return make_error(ErrorKind::Internal, "storage.parameter_count", "SQLのパラメータ数が一致しません",
                      "the number of SQL parameters does not match")
        .with("expected", std::to_string(sqlite3_bind_parameter_count(stmt)))
        .with("given", std::to_string(params.size()));
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(params[i])) {
      rc = sqlite3_bind_null(stmt, index);
    } else if (auto* v = std::get_if<std::int64_t>(&params[i])) {
      rc = sqlite3_bind_int64(stmt, index, *v);
    } else if (auto* t = std::get_if<Text>(&params[i])) {
      rc = sqlite3_bind_text64(stmt, index, t->value.data(), t->value.size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (auto* b = std::get_if<Blob>(&params[i])) {
      // A zero-length blob must still be a blob, not NULL: SQLite binds NULL for a null pointer.
      static const std::uint8_t kEmpty = 0;
      const void* data = b->value.empty() ? &kEmpty : b->value.data();
      rc = sqlite3_bind_blob64(stmt, index, data, b->value.size(), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) return sqlite_error(db, rc, "bind");
  }
  return ok();
}

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  int column_count() const override { return sqlite3_column_count(stmt_); }
  bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string_view text(int column) const override {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return {data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
  }
  ByteView blob(int column) const override {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    return {data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
  }

 private:
  sqlite3_stmt* stmt_;
};

class SqliteDatabase;

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteDatabase& owner, std::unique_ptr<Connection> connection)
      : owner_(owner), connection_(std::move(connection)) {}
  ~SqliteTransaction() override;

  Result<void> execute(std::string_view sql, std::span<const Param> params) override {
    return query(sql, params, nullptr);
  }

  Result<void> execute_script(std::string_view sql) override { return connection_->exec(std::string(sql).c_str()); }

  Result<void> query(std::string_view sql, std::span<const Param> params, const RowCallback& on_row) override {
    sqlite3* db = connection_->handle();
    sqlite3_stmt* stmt = TRY(connection_->prepare(sql));
    TRY(bind(db, stmt, params));
    SqliteRow row(stmt);
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        auto error = sqlite_error(db, rc, "step");
        sqlite3_reset(stmt);
        return error;
      }
      if (on_row) {
        auto result = on_row(row);
        if (!result) {
          sqlite3_reset(stmt);
          return result;
        }
      }
    }
    sqlite3_reset(stmt);
    return ok();
  }

  Result<void> insert_many(std::string_view table, std::span<const std::string_view> columns,
                           std::span<const Param> values) override {
    if (columns.empty() || values.size() % columns.size() != 0)
      return make_error(ErrorKind::Internal, "storage.insert_shape", "挿入する値の数が列数の倍数ではありません",
                        "the number of values is not a multiple of the column count");
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + std::string(columns[i]);
    sql += ") VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
    sqlite3* db = connection_->handle();
    sqlite3_stmt* stmt = TRY(connection_->prepare(sql));
    for (std::size_t offset = 0; offset < values.size(); offset += columns.size()) {
      TRY(bind(db, stmt, values.subspan(offset, columns.size())));
      const int rc = sqlite3_step(stmt);
      sqlite3_reset(stmt);
      if (rc != SQLITE_DONE) return sqlite_error(db, rc, "insert");
    }
    return ok();
  }

  Result<void> commit() override {
    TRY(connection_->run("COMMIT"));
    committed_ = true;
    return ok();
  }

 private:
  SqliteDatabase& owner_;
  std::unique_ptr<Connection> connection_;
  bool committed_ = false;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(std::filesystem::path file) : file_(std::move(file)) {}

  Backend backend() const override { return Backend::Sqlite; }
  std::string display_url() const override { return "sqlite:" + file_.string(); }

  Result<std::unique_ptr<Transaction>> begin(TransactionMode mode) override {
    auto connection = TRY(acquire());
    // IMMEDIATE takes the write lock now, so two writers queue at begin (busy_timeout)
    // instead of one failing at its first write; DEFERRED reads see a snapshot from the
    // first read on.
    auto started = connection->run(mode == TransactionMode::Write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    if (!started) return started.release_error();
    return std::unique_ptr<Transaction>(new SqliteTransaction(*this, std::move(connection)));
  }

  Result<void> copy_to(const std::filesystem::path& destination) override {
    std::error_code ec;
    if (std::filesystem::exists(destination, ec))
      return make_error(ErrorKind::Conflict, "storage.backup_exists", "バックアップ先のファイルがすでにあります",
                        "the backup file already exists")
          .with("destination", destination.string());
    // VACUUM INTO reads one snapshot of the database (in WAL mode writers go on meanwhile)
    // and writes it out compacted; it cannot run inside a transaction, so it has a
    // connection of its own.
    auto connection = TRY(open_connection());
    sqlite3* db = connection->handle();
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, "VACUUM INTO ?", -1, &stmt, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db, rc, "prepare VACUUM INTO");
    const std::string path = destination.string();
    sqlite3_bind_text(stmt, 1, path.c_str(), static_cast<int>(path.size()), SQLITE_TRANSIENT);
    rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return sqlite_error(db, rc, "VACUUM INTO " + path);
    // VACUUM INTO does not sync what it wrote; a backup is worth something only once durable.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      const int saved = errno;
      if (fd >= 0) ::close(fd);
      return storage_error(ErrorKind::Io, "storage.backup_failed", path + ": " + std::strerror(saved));
    }
    ::close(fd);
    ::chmod(path.c_str(), 0600);
    return ok();
  }

  Result<std::unique_ptr<Connection>> acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return connection;
      }
    }
    return open_connection();
  }

  void release(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdle) idle_.push_back(std::move(connection));
  }

  Result<std::unique_ptr<Connection>> open_connection() {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(file_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    auto connection = std::make_unique<Connection>(db);
    if (rc != SQLITE_OK) return sqlite_error(db, rc, "open " + file_.string());
    sqlite3_busy_timeout(db, 10000);
    // synchronous=FULL in WAL mode syncs the WAL at every commit: an acknowledged write
    // survives power loss, not just a process crash.
    TRY(connection->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
    return connection;
  }

 private:
  static constexpr std::size_t kMaxIdle = 16;
  std::filesystem::path file_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

SqliteTransaction::~SqliteTransaction() {
  if (!committed_) {
    // Rolling back a transaction that failed to begin or already ended is harmless.
    (void)connection_->exec("ROLLBACK");
  }
  owner_.release(std::move(connection_));
}

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::filesystem::path& file) {
  auto database = std::make_unique<SqliteDatabase>(file);
  // Open one connection now so that a bad path fails here, not at the first query.
  auto connection = TRY(database->open_connection());
  database->release(std::move(connection));
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace itaku::storage
