// The embedded migrations: one file per migration whose type placeholders are filled per
// backend, and applied on every backend in testing::test_backends().

#include "itaku/storage/migrate.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "itaku/storage/database.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::storage {
namespace {

constexpr Backend kBackends[] = {Backend::Sqlite, Backend::Postgres};

// The SQL without its `--` comments, which may name any type in prose.
std::string without_comments(const std::string& sql) { return std::regex_replace(sql, std::regex("--[^\n]*"), ""); }

TEST(Migrations, PlaceholdersAreFilledWithEachBackendsTypes) {
  constexpr std::string_view kSource =
      "CREATE TABLE t (id {{int64}} PRIMARY KEY, body {{bytes}} NOT NULL, n {{int64}})";
  auto sqlite = fill_placeholders(kSource, Backend::Sqlite);
  ASSERT_TRUE(sqlite.ok()) << sqlite.error().describe();
  EXPECT_EQ(*sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL, n INTEGER)");
  auto postgres = fill_placeholders(kSource, Backend::Postgres);
  ASSERT_TRUE(postgres.ok()) << postgres.error().describe();
  EXPECT_EQ(*postgres, "CREATE TABLE t (id BIGINT PRIMARY KEY, body BYTEA NOT NULL, n BIGINT)");
}

TEST(Migrations, AnUnknownPlaceholderIsRefusedOnEveryBackend) {
  for (Backend backend : kBackends) {
    auto filled = fill_placeholders("CREATE TABLE t (id {{int64}}, n {{int46}})", backend);
    ASSERT_FALSE(filled.ok()) << to_string(backend) << ": " << *filled;
    EXPECT_EQ(filled.error().code, "storage.migration_placeholder");
    EXPECT_EQ(filled.error().context.at("placeholder"), "{{int46}}");
  }
}

TEST(Migrations, APlaceholderWithoutItsClosingBracesIsRefused) {
  for (Backend backend : kBackends) {
    auto filled = fill_placeholders("CREATE TABLE t (id {{int64)", backend);
    ASSERT_FALSE(filled.ok()) << to_string(backend) << ": " << *filled;
    EXPECT_EQ(filled.error().code, "storage.migration_placeholder");
    EXPECT_EQ(filled.error().context.at("placeholder"), "{{int64)");
  }

  // The rest of the file is not pasted into the message, and the cut does not split a character.
  std::string source = "id {{int64 NOT NULL -- ";
  for (int i = 0; i < 100; ++i) source += "‖";
  auto filled = fill_placeholders(source, Backend::Sqlite);
  ASSERT_FALSE(filled.ok()) << *filled;
  const std::string& shown = filled.error().context.at("placeholder");
  const std::string ellipsis = "…";
  ASSERT_TRUE(shown.ends_with(ellipsis)) << shown;
  const std::string kept = shown.substr(0, shown.size() - ellipsis.size());
  EXPECT_LT(kept.size(), 50u);
  EXPECT_EQ(source.substr(3, kept.size()), kept);
  EXPECT_NE(static_cast<unsigned char>(source[3 + kept.size()]) & 0xC0, 0x80) << "cut inside a character";
}

TEST(Migrations, EveryMigrationIsFilledForBothBackendsWithNoPlaceholderLeft) {
  std::vector<std::string> names[2];
  for (std::size_t i = 0; i < std::size(kBackends); ++i) {
    const Backend backend = kBackends[i];
    auto migrations = migrations_for(backend);
    ASSERT_TRUE(migrations.ok()) << to_string(backend) << ": " << migrations.error().describe();
    ASSERT_FALSE(migrations->empty());
    for (const Migration& migration : *migrations) {
      SCOPED_TRACE(std::string(to_string(backend)) + " " + migration.name);
      names[i].push_back(migration.name);
      EXPECT_EQ(migration.sql.find("{{"), std::string::npos);
      EXPECT_EQ(migration.sql.find("}}"), std::string::npos);
      // A type spelled out instead of a placeholder would differ between the backends without
      // anyone choosing it: INTEGER is 32 bits on PostgreSQL.
      const std::string code = without_comments(migration.sql);
      const char* foreign = backend == Backend::Sqlite ? R"(\b(BIGINT|BYTEA)\b)" : R"(\b(INTEGER|BLOB)\b)";
      EXPECT_FALSE(std::regex_search(code, std::regex(foreign, std::regex::icase))) << migration.sql;
    }
  }
  EXPECT_EQ(names[0], names[1]);
}

class MigrateTest : public ::testing::TestWithParam<Backend> {};

TEST_P(MigrateTest, EveryMigrationIsAppliedOnceUnderItsFileName) {
  itaku::testing::TempDir dir;
  auto db = open_database(itaku::testing::fresh_database_url(GetParam(), dir.path()));
  ASSERT_TRUE(db.ok()) << db.error().describe();
  auto migrated = migrate(**db);
  ASSERT_TRUE(migrated.ok()) << migrated.error().describe();
  migrated = migrate(**db);
  ASSERT_TRUE(migrated.ok()) << migrated.error().describe();

  auto expected = migrations_for(GetParam());
  ASSERT_TRUE(expected.ok()) << expected.error().describe();
  std::vector<std::pair<std::int64_t, std::string>> wanted;
  for (const Migration& migration : *expected) wanted.emplace_back(migration.version, migration.name);

  auto tx = (*db)->begin(TransactionMode::Write);
  ASSERT_TRUE(tx.ok()) << tx.error().describe();
  std::vector<std::pair<std::int64_t, std::string>> applied;
  auto read = (*tx)->query("SELECT version, name FROM schema_migrations ORDER BY version", {},
                           [&](const Row& row) -> Result<void> {
                             applied.emplace_back(row.int64(0), std::string(row.text(1)));
                             return ok();
                           });
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(applied, wanted);

  // Databases made before the migrations became one file per migration recorded these names;
  // a migration must keep its name so that such a database reads as up to date.
  const std::vector<std::string> recorded = {"0001_ledger.sql", "0002_domain.sql",    "0003_auth.sql",
                                             "0004_assets.sql", "0005_documents.sql", "0006_log_indexes.sql"};
  ASSERT_GE(applied.size(), recorded.size());
  for (std::size_t i = 0; i < recorded.size(); ++i) EXPECT_EQ(applied[i].second, recorded[i]);

  // {{int64}} and {{bytes}} hold what their names promise on this backend.
  const std::int64_t seq = std::int64_t{1} << 40;
  const Bytes entry = {0x00, 0xff, 0x7b, 0x00};
  const Param row[] = {seq, Blob{entry}, Blob{entry}};
  auto inserted = (*tx)->execute("INSERT INTO ledger_entries (seq, leaf_hash, entry) VALUES (?, ?, ?)", row);
  ASSERT_TRUE(inserted.ok()) << inserted.error().describe();
  Bytes read_back;
  read = (*tx)->query("SELECT entry FROM ledger_entries WHERE seq = ?", std::span<const Param>(row, 1),
                      [&](const Row& r) -> Result<void> {
                        read_back.assign(r.blob(0).begin(), r.blob(0).end());
                        return ok();
                      });
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(read_back, entry);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateTest, ::testing::ValuesIn(itaku::testing::test_backends()),
                         itaku::testing::backend_name);

}  // namespace
}  // namespace itaku::storage
