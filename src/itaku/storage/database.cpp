#include "itaku/storage/database.hpp"

#include "itaku/storage/postgres_database.hpp"
#include "itaku/storage/sqlite_database.hpp"

namespace itaku::storage {

std::string_view to_string(Backend backend) {
  switch (backend) {
    case Backend::Sqlite: return "sqlite";
    case Backend::Postgres: return "postgres";
  }
  return "unknown";
}

Result<std::optional<std::int64_t>> Transaction::query_int(std::string_view sql, std::span<const Param> params) {
  std::optional<std::int64_t> value;
  TRY(query(sql, params, [&](const Row& row) -> Result<void> {
    if (!value && row.column_count() > 0 && !row.is_null(0)) value = row.int64(0);
    return ok();
  }));
  return value;
}

Result<void> Database::copy_to(const std::filesystem::path& destination) {
  return make_error(ErrorKind::Invalid, "storage.backup_use_pg_dump",
                    "PostgreSQLのデータベースは pg_dump でバックアップしてください（docs/DEPLOY.md）",
                    "back a PostgreSQL database up with pg_dump (docs/DEPLOY.md)")
      .with("destination", destination.string())
      .with("database", display_url());
}

Error storage_error(ErrorKind kind, std::string code, std::string detail) {
  std::string ja = kind == ErrorKind::Unavailable ? "データベースに接続できません" : "データベースの操作に失敗しました";
  std::string en = kind == ErrorKind::Unavailable ? "the database is unavailable" : "a database operation failed";
  return make_error(kind, std::move(code), std::move(ja), std::move(en)).with("detail", std::move(detail));
}

Result<std::unique_ptr<Database>> open_database(std::string_view url) {
  if (url.starts_with("sqlite:")) {
    auto path = url.substr(7);
    if (path.empty())
      return make_error(ErrorKind::Invalid, "storage.bad_url", "SQLiteのファイル名がありません",
                        "the sqlite: URL names no file");
    return open_sqlite(std::filesystem::path(path));
  }
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) return open_postgres(url);
  return make_error(ErrorKind::Invalid, "storage.bad_url",
                    "データベースURLは sqlite:PATH か postgres://… の形式で指定してください",
                    "the database URL must be sqlite:PATH or postgres://…")
      .with("url", std::string(url.substr(0, url.find(':'))) + ":…");
}

}  // namespace itaku::storage
