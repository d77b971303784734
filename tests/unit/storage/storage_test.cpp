// The storage interface, run against every backend in testing::test_backends(): SQLite always,
// PostgreSQL when ITAKU_TEST_POSTGRES_URL names a server.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "itaku/storage/database.hpp"
#include "itaku/storage/postgres_database.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::storage {
namespace {

using itaku::testing::TempDir;

// Test helpers for Result values. `tmp` and `lhs` are a name and a declaration, which cannot be
// parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ITAKU_CONCAT_INNER(a, b) a##b
#define ITAKU_CONCAT(a, b) ITAKU_CONCAT_INNER(a, b)

#define ASSERT_OK(expr)                                                        \
  do {                                                                         \
    auto&& assert_ok_result = (expr);                                          \
    ASSERT_TRUE(assert_ok_result.ok()) << assert_ok_result.error().describe(); \
  } while (false)

#define ASSERT_OK_AND_ASSIGN(lhs, expr) ASSERT_OK_AND_ASSIGN_IMPL(ITAKU_CONCAT(assign_result_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)  \
  auto tmp = (expr);                               \
  ASSERT_TRUE(tmp.ok()) << tmp.error().describe(); \
  lhs = tmp.release_value()
// NOLINTEND(bugprone-macro-parentheses)

// A row read back from `samples`.
struct Sample {
  std::int64_t id = 0;
  std::optional<std::int64_t> n;
  std::optional<std::string> t;
  std::optional<Bytes> b;
  bool operator==(const Sample&) const = default;
};

Bytes every_byte_value() {
  Bytes bytes(256);
  for (int i = 0; i < 256; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
  return bytes;
}

class StorageTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = itaku::testing::fresh_database_url(GetParam(), dir_.path());
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_OK(migrate(*db_));
    // A table with every column nullable, for the round-trip tests; the ledger tables are all
    // NOT NULL. The dialects differ only in the blob type's name.
    std::string ddl = GetParam() == Backend::Postgres
                          ? "CREATE TABLE samples (id BIGINT PRIMARY KEY, n BIGINT, t TEXT, b BYTEA)"
                          : "CREATE TABLE samples (id INTEGER PRIMARY KEY, n INTEGER, t TEXT, b BLOB)";
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    ASSERT_OK(tx->execute(ddl));
    ASSERT_OK(tx->commit());
  }

  void open() {
    ASSERT_OK_AND_ASSIGN(db_, open_database(url_));
    ASSERT_EQ(db_->backend(), GetParam());
  }

  // Reads every row of `samples`, by id; in a fresh Read transaction unless one is given.
  std::vector<Sample> samples(Transaction* tx = nullptr) {
    std::unique_ptr<Transaction> own;
    if (tx == nullptr) {
      auto begun = db_->begin(TransactionMode::Read);
      EXPECT_TRUE(begun.ok()) << begun.error().describe();
      if (!begun.ok()) return {};
      own = begun.release_value();
      tx = own.get();
    }
    std::vector<Sample> rows;
    auto result = tx->query("SELECT id, n, t, b FROM samples ORDER BY id", {}, [&](const Row& row) -> Result<void> {
      EXPECT_EQ(row.column_count(), 4);
      Sample sample;
      sample.id = row.int64(0);
      if (!row.is_null(1)) sample.n = row.int64(1);
      if (!row.is_null(2)) sample.t = std::string(row.text(2));
      if (!row.is_null(3)) sample.b = Bytes(row.blob(3).begin(), row.blob(3).end());
      rows.push_back(std::move(sample));
      return ok();
    });
    EXPECT_TRUE(result.ok()) << result.error().describe();
    return rows;
  }

  std::int64_t count(std::string_view table) {
    auto tx = db_->begin(TransactionMode::Read);
    EXPECT_TRUE(tx.ok()) << tx.error().describe();
    if (!tx.ok()) return -1;
    auto n = (*tx)->query_int("SELECT COUNT(*) FROM " + std::string(table));
    EXPECT_TRUE(n.ok()) << n.error().describe();
    return n.ok() && n->has_value() ? **n : -1;
  }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_P(StorageTest, MigrationsCreateTheLedgerTablesAndRunningThemAgainChangesNothing) {
  EXPECT_EQ(count("ledger_entries"), 0);
  EXPECT_EQ(count("ledger_checkpoints"), 0);
  EXPECT_EQ(count("ledger_meta"), 0);
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    const Param meta[] = {Text{"origin"}, Text{"itaku.example.jp/港区"}};
    ASSERT_OK(tx->execute("INSERT INTO ledger_meta (key, value) VALUES (?, ?)", meta));
    ASSERT_OK(tx->commit());
  }

  ASSERT_OK(migrate(*db_));
  ASSERT_OK(migrate(*db_));
  db_.reset();
  ASSERT_NO_FATAL_FAILURE(open());
  ASSERT_OK(migrate(*db_));

  ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Read));
  std::string origin;
  const Param key[] = {Text{"origin"}};
  ASSERT_OK(tx->query("SELECT value FROM ledger_meta WHERE key = ?", key, [&](const Row& row) -> Result<void> {
    origin = row.text(0);
    return ok();
  }));
  EXPECT_EQ(origin, "itaku.example.jp/港区");
  EXPECT_EQ(count("ledger_meta"), 1);
  EXPECT_EQ(count("ledger_entries"), 0);
}

TEST_P(StorageTest, IntegersRoundTripIncludingNegativesAndTheInt64Extremes) {
  const std::vector<std::int64_t> values = {0,
                                            1,
                                            -1,
                                            -42,
                                            std::int64_t{1} << 40,
                                            std::numeric_limits<std::int64_t>::max(),
                                            std::numeric_limits<std::int64_t>::min()};
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    for (std::size_t i = 0; i < values.size(); ++i) {
      const Param params[] = {static_cast<std::int64_t>(i), values[i]};
      ASSERT_OK(tx->execute("INSERT INTO samples (id, n) VALUES (?, ?)", params));
    }
    ASSERT_OK(tx->commit());
  }
  std::vector<Sample> rows = samples();
  ASSERT_EQ(rows.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(rows[i].id, static_cast<std::int64_t>(i));
    EXPECT_EQ(rows[i].n, values[i]);
  }

  // Parameters compare as integers too, and text() renders an integer column as digits.
  ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Read));
  const Param min[] = {std::numeric_limits<std::int64_t>::min()};
  ASSERT_OK_AND_ASSIGN(auto id, tx->query_int("SELECT id FROM samples WHERE n = ?", min));
  EXPECT_EQ(id, 6);
  std::string text;
  ASSERT_OK(tx->query("SELECT n FROM samples WHERE id = 5", {}, [&](const Row& row) -> Result<void> {
    text = row.text(0);
    return ok();
  }));
  EXPECT_EQ(text, "9223372036854775807");
}

TEST_P(StorageTest, JapaneseTextRoundTripsAsUtf8) {
  const std::vector<std::string> values = {
      "",
      "plain ASCII",
      "東京都千代田区 業務委託契約 第２０２４－００１号",
      "半角ｶﾀｶﾅ、全角英数ＡＢＣ、絵文字🏯、結合文字が\u3099",
      "tab\tnewline\ncarriage\rbackslash\\quote'double\"percent%question?",
  };
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    for (std::size_t i = 0; i < values.size(); ++i) {
      const Param params[] = {static_cast<std::int64_t>(i), Text{values[i]}};
      ASSERT_OK(tx->execute("INSERT INTO samples (id, t) VALUES (?, ?)", params));
    }
    ASSERT_OK(tx->commit());
  }
  std::vector<Sample> rows = samples();
  ASSERT_EQ(rows.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(rows[i].t, values[i]) << "row " << i;

  ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Read));
  const Param wanted[] = {Text{values[2]}};
  ASSERT_OK_AND_ASSIGN(auto id, tx->query_int("SELECT id FROM samples WHERE t = ?", wanted));
  EXPECT_EQ(id, 2);
}

TEST_P(StorageTest, BlobsWithZeroBytesAndEveryByteValueRoundTrip) {
  Bytes large(100'000);
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<std::uint8_t>((i * 7919) >> 3);
  const std::vector<Bytes> values = {every_byte_value(), Bytes{0, 0, 0}, Bytes{0x5c, 0x00, 0x27, 0xff}, large};
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    for (std::size_t i = 0; i < values.size(); ++i) {
      const Param params[] = {static_cast<std::int64_t>(i), Blob{values[i]}};
      ASSERT_OK(tx->execute("INSERT INTO samples (id, b) VALUES (?, ?)", params));
    }
    ASSERT_OK(tx->commit());
  }
  std::vector<Sample> rows = samples();
  ASSERT_EQ(rows.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(rows[i].b, values[i]) << "row " << i;

  ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Read));
  const Param wanted[] = {Blob{values[1]}};
  ASSERT_OK_AND_ASSIGN(auto id, tx->query_int("SELECT id FROM samples WHERE b = ?", wanted));
  EXPECT_EQ(id, 1);
}

TEST_P(StorageTest, AnEmptyBlobAndAnEmptyTextAreNotNull) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    const Param params[] = {std::int64_t{1}, Text{""}, Blob{ByteView{}}};
    ASSERT_OK(tx->execute("INSERT INTO samples (id, t, b) VALUES (?, ?, ?)", params));
    ASSERT_OK(tx->commit());
  }
  std::vector<Sample> rows = samples();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].t, std::string());
  EXPECT_EQ(rows[0].b, Bytes());
}

TEST_P(StorageTest, NullsRoundTripInEveryColumnType) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    const Param nulls[] = {std::int64_t{1}, nullptr, nullptr, nullptr};
    ASSERT_OK(tx->execute("INSERT INTO samples (id, n, t, b) VALUES (?, ?, ?, ?)", nulls));
    const Bytes blob = {1, 2};
    const Param values[] = {std::int64_t{2}, std::int64_t{0}, Text{"x"}, Blob{blob}};
    ASSERT_OK(tx->execute("INSERT INTO samples (id, n, t, b) VALUES (?, ?, ?, ?)", values));
    ASSERT_OK(tx->commit());
  }
  std::vector<Sample> rows = samples();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Sample{1, std::nullopt, std::nullopt, std::nullopt}));
  EXPECT_EQ(rows[1], (Sample{2, 0, "x", Bytes{1, 2}}));

  ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Read));
  ASSERT_OK_AND_ASSIGN(auto n, tx->query_int("SELECT n FROM samples WHERE id = 1"));
  EXPECT_EQ(n, std::nullopt);
  ASSERT_OK_AND_ASSIGN(auto none, tx->query_int("SELECT n FROM samples WHERE id = 99"));
  EXPECT_EQ(none, std::nullopt);
  ASSERT_OK_AND_ASSIGN(auto nulls, tx->query_int("SELECT COUNT(*) FROM samples WHERE t IS NULL"));
  EXPECT_EQ(nulls, 1);
}

TEST_P(StorageTest, AQuestionMarkInsideAStringLiteralOrACommentIsNotAPlaceholder) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    const Param params[] = {std::int64_t{7}, std::int64_t{8}};
    ASSERT_OK(tx->execute("INSERT INTO samples (id, t, n) /* which? */ VALUES (?, 'why? and ''what?''', ?) -- really?",
                          params));
    ASSERT_OK(tx->commit());
  }
  ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Read));
  std::string text;
  std::int64_t n = 0;
  const Param id[] = {std::int64_t{7}};
  ASSERT_OK(tx->query("SELECT \"t\", n FROM samples -- any?\nWHERE t LIKE '%?%' AND id = ?", id,
                      [&](const Row& row) -> Result<void> {
                        text = row.text(0);
                        n = row.int64(1);
                        return ok();
                      }));
  EXPECT_EQ(text, "why? and 'what?'");
  EXPECT_EQ(n, 8);
}

TEST_P(StorageTest, DroppingAWriteTransactionWithoutCommitRollsItBack) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    const Param params[] = {std::int64_t{1}, Text{"消える"}};
    ASSERT_OK(tx->execute("INSERT INTO samples (id, t) VALUES (?, ?)", params));
    const std::string_view columns[] = {"id", "t"};
    const Param more[] = {std::int64_t{2}, Text{"これも"}, std::int64_t{3}, Text{"これも"}};
    ASSERT_OK(tx->insert_many("samples", columns, more));
    // The transaction sees its own writes until it goes away.
    EXPECT_EQ(samples(tx.get()).size(), 3u);
  }
  EXPECT_TRUE(samples().empty());
  EXPECT_EQ(count("samples"), 0);
}

TEST_P(StorageTest, CommittedWritesSurviveReopeningTheDatabase) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    const Param params[] = {std::int64_t{1}, Text{"残る"}};
    ASSERT_OK(tx->execute("INSERT INTO samples (id, t) VALUES (?, ?)", params));
    ASSERT_OK(tx->commit());
  }
  db_.reset();
  ASSERT_NO_FATAL_FAILURE(open());
  std::vector<Sample> rows = samples();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].t, "残る");
}

TEST_P(StorageTest, InsertManyOfTenThousandRowsReadsBackIdenticallyAndInOrder) {
  constexpr std::int64_t kRows = 10'000;
  std::vector<Bytes> hashes;
  std::vector<std::string> entries;
  hashes.reserve(kRows);
  entries.reserve(kRows);
  for (std::int64_t i = 0; i < kRows; ++i) {
    Bytes hash(32);
    for (std::size_t j = 0; j < hash.size(); ++j)
      hash[j] = static_cast<std::uint8_t>(i * 31 + static_cast<std::int64_t>(j));
    hashes.push_back(std::move(hash));
    entries.push_back(R"({"seq":)" + std::to_string(i) + R"(,"契約":"委託)" +
                      std::string(static_cast<std::size_t>(i % 50), 'x') + "\"}" + std::string(1, '\0'));
  }
  std::vector<Param> values;
  values.reserve(3 * kRows);
  for (std::int64_t i = 0; i < kRows; ++i) {
    values.emplace_back(i);
    values.emplace_back(Blob{hashes[static_cast<std::size_t>(i)]});
    values.emplace_back(Blob{as_bytes(entries[static_cast<std::size_t>(i)])});
  }
  const std::string_view columns[] = {"seq", "leaf_hash", "entry"};
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    auto started = std::chrono::steady_clock::now();
    ASSERT_OK(tx->insert_many("ledger_entries", columns, values));
    ASSERT_OK(tx->commit());
    auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    RecordProperty("insert_many_rows_per_second", std::to_string(static_cast<long long>(kRows / elapsed)));
  }

  ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Read));
  std::int64_t next = 0;
  ASSERT_OK(tx->query("SELECT seq, leaf_hash, entry FROM ledger_entries ORDER BY seq", {},
                      [&](const Row& row) -> Result<void> {
                        auto i = static_cast<std::size_t>(next);
                        EXPECT_EQ(row.int64(0), next);
                        if (i < hashes.size()) {
                          EXPECT_EQ(Bytes(row.blob(1).begin(), row.blob(1).end()), hashes[i]);
                          EXPECT_EQ(as_chars(row.blob(2)), entries[i]);
                        }
                        ++next;
                        return ok();
                      }));
  EXPECT_EQ(next, kRows);
}

TEST_P(StorageTest, InsertManyKeepsNullsNegativeNumbersAndTextWithControlCharacters) {
  const Bytes blob = every_byte_value();
  const std::string_view columns[] = {"id", "n", "t", "b"};
  const Param values[] = {
      std::int64_t{1},
      nullptr,
      nullptr,
      nullptr,
      std::int64_t{2},
      std::numeric_limits<std::int64_t>::min(),
      Text{"tab\there\nnewline\\back\\N"},
      Blob{blob},
      std::int64_t{3},
      std::int64_t{-1},
      Text{"\\N"},
      Blob{ByteView{}},
  };
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    ASSERT_OK(tx->insert_many("samples", columns, values));
    // An empty batch is not an error.
    ASSERT_OK(tx->insert_many("samples", columns, {}));
    ASSERT_OK(tx->commit());
  }
  std::vector<Sample> rows = samples();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Sample{1, std::nullopt, std::nullopt, std::nullopt}));
  EXPECT_EQ(rows[1], (Sample{2, std::numeric_limits<std::int64_t>::min(), "tab\there\nnewline\\back\\N", blob}));
  EXPECT_EQ(rows[2], (Sample{3, -1, "\\N", Bytes{}}));
}

TEST_P(StorageTest, APrimaryKeyViolationIsAConflictAndTheTransactionsEarlierWritesAreDiscarded) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    const Param first[] = {std::int64_t{1}, Text{"first"}};
    ASSERT_OK(tx->execute("INSERT INTO samples (id, t) VALUES (?, ?)", first));
    ASSERT_OK(tx->commit());
  }
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    const Param second[] = {std::int64_t{2}, Text{"second"}};
    ASSERT_OK(tx->execute("INSERT INTO samples (id, t) VALUES (?, ?)", second));
    const Param duplicate[] = {std::int64_t{1}, Text{"duplicate"}};
    auto result = tx->execute("INSERT INTO samples (id, t) VALUES (?, ?)", duplicate);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::Conflict) << result.error().describe();
    EXPECT_EQ(result.error().code, "storage.constraint");
  }
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    const std::string_view columns[] = {"id", "t"};
    const Param batch[] = {std::int64_t{3}, Text{"third"}, std::int64_t{1}, Text{"duplicate"}};
    auto result = tx->insert_many("samples", columns, batch);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::Conflict) << result.error().describe();
  }
  std::vector<Sample> rows = samples();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].t, "first");
}

TEST_P(StorageTest, ABadStatementIsAnErrorAndNotACrash) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    auto syntax = tx->execute("SELEC 1 FROM nowhere");
    ASSERT_FALSE(syntax.ok());
    EXPECT_TRUE(syntax.error().code.starts_with("storage.")) << syntax.error().code;
  }
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Read));
    auto missing = tx->query("SELECT * FROM no_such_table", {}, [](const Row&) -> Result<void> { return ok(); });
    EXPECT_FALSE(missing.ok());
  }
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    EXPECT_FALSE(tx->execute_script("CREATE TABLE broken (;").ok());
  }
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    const std::string_view columns[] = {"nope"};
    const Param batch[] = {std::int64_t{1}};
    EXPECT_FALSE(tx->insert_many("samples", columns, batch).ok());
  }
  // The database is still usable afterwards.
  ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
  const Param params[] = {std::int64_t{1}};
  ASSERT_OK(tx->execute("INSERT INTO samples (id) VALUES (?)", params));
  ASSERT_OK(tx->commit());
  EXPECT_EQ(count("samples"), 1);
}

TEST_P(StorageTest, TooFewOrTooManyParametersAreAnError) {
  ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
  const Param one[] = {std::int64_t{1}};
  EXPECT_FALSE(tx->execute("INSERT INTO samples (id, n) VALUES (?, ?)", one).ok());
  const Param three[] = {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}};
  EXPECT_FALSE(tx->execute("INSERT INTO samples (id, n) VALUES (?, ?)", three).ok());
}

TEST_P(StorageTest, ARowCallbackErrorStopsTheQueryAndIsReturned) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Write));
    std::vector<Param> values;
    for (std::int64_t i = 0; i < 100; ++i) values.emplace_back(i);
    const std::string_view columns[] = {"id"};
    ASSERT_OK(tx->insert_many("samples", columns, values));
    ASSERT_OK(tx->commit());
  }
  ASSERT_OK_AND_ASSIGN(auto tx, db_->begin(TransactionMode::Read));
  int calls = 0;
  auto result = tx->query("SELECT id FROM samples ORDER BY id", {}, [&](const Row&) -> Result<void> {
    if (++calls == 3) return make_error(ErrorKind::Tampered, "test.stop", "停止", "stop");
    return ok();
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "test.stop");
  EXPECT_EQ(calls, 3);
  // The transaction can go on.
  ASSERT_OK_AND_ASSIGN(auto n, tx->query_int("SELECT COUNT(*) FROM samples"));
  EXPECT_EQ(n, 100);
  ASSERT_OK(tx->commit());
}

TEST_P(StorageTest, TwoWriteTransactionsFromTwoThreadsRunOneAfterTheOther) {
  // Each writer reads the highest id and inserts the next one. Unless the second writer's
  // begin() waits for the first writer to commit, both read 0 and one of them fails.
  std::atomic<bool> first_began{false};
  Result<void> outcomes[2];
  auto write_next = [&](int index) -> Result<void> {
    auto tx = TRY(db_->begin(TransactionMode::Write));
    if (index == 0) {
      first_began = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    auto highest = TRY(tx->query_int("SELECT COALESCE(MAX(id), 0) FROM samples"));
    const Param params[] = {highest.value_or(0) + 1, Text{index == 0 ? "first" : "second"}};
    TRY(tx->execute("INSERT INTO samples (id, t) VALUES (?, ?)", params));
    return tx->commit();
  };
  std::thread first([&] { outcomes[0] = write_next(0); });
  std::thread second([&] {
    while (!first_began) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    outcomes[1] = write_next(1);
  });
  first.join();
  second.join();
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome.ok()) << outcome.error().describe();

  std::vector<Sample> rows = samples();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Sample{1, std::nullopt, "first", std::nullopt}));
  EXPECT_EQ(rows[1], (Sample{2, std::nullopt, "second", std::nullopt}));
}

TEST_P(StorageTest, AReadTransactionSeesAConsistentSnapshot) {
  const auto insert = [&](std::int64_t id) -> Result<void> {
    auto tx = TRY(db_->begin(TransactionMode::Write));
    const Param params[] = {id};
    TRY(tx->execute("INSERT INTO samples (id) VALUES (?)", params));
    return tx->commit();
  };
  ASSERT_OK(insert(1));

  ASSERT_OK_AND_ASSIGN(auto reader, db_->begin(TransactionMode::Read));
  ASSERT_OK_AND_ASSIGN(auto before, reader->query_int("SELECT COUNT(*) FROM samples"));
  EXPECT_EQ(before, 1);

  // A writer commits while the reader is open; the reader must not see it, not even partly.
  ASSERT_OK(insert(2));
  ASSERT_OK_AND_ASSIGN(auto after, reader->query_int("SELECT COUNT(*) FROM samples"));
  EXPECT_EQ(after, 1);
  ASSERT_OK_AND_ASSIGN(auto highest, reader->query_int("SELECT MAX(id) FROM samples"));
  EXPECT_EQ(highest, 1);
  ASSERT_OK(reader->commit());

  EXPECT_EQ(count("samples"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageTest, ::testing::ValuesIn(itaku::testing::test_backends()),
                         itaku::testing::backend_name);

// ---------------------------------------------------------------------------------------------
// PostgreSQL only.

bool postgres_tested() {
  for (Backend backend : itaku::testing::test_backends()) {
    if (backend == Backend::Postgres) return true;
  }
  return false;
}

// A TCP proxy on loopback in front of the test server that the test can take down: while down
// it closes every connection it holds and every one it accepts, counting the attempts.
class OutageProxy {
 public:
  OutageProxy(std::string upstream_host, int upstream_port)
      : host_(std::move(upstream_host)), upstream_port_(upstream_port) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    EXPECT_EQ(::listen(listener_, 64), 0);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~OutageProxy() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    acceptor_.join();
    take_down();
    for (auto& t : pipes_) t.join();
  }
  int port() const { return port_; }
  int attempts_while_down() const { return attempts_while_down_; }
  void take_down() {
    down_ = true;
    std::lock_guard lock(mutex_);
    for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
  }

 private:
  void accept_loop() {
    while (!stopping_) {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      if (down_) {
        ++attempts_while_down_;
        ::close(client);
        continue;
      }
      const int server = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_port = htons(static_cast<std::uint16_t>(upstream_port_));
      ::inet_pton(AF_INET, host_.c_str(), &address.sin_addr);
      if (::connect(server, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(client);
        ::close(server);
        continue;
      }
      std::lock_guard lock(mutex_);
      open_.push_back(client);
      open_.push_back(server);
      pipes_.emplace_back([client, server] {
        pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        char buffer[16384];
        for (;;) {
          if (::poll(fds, 2, 200) < 0) break;
          bool closed = false;
          for (int i = 0; i < 2 && !closed; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const auto n = ::read(fds[i].fd, buffer, sizeof buffer);
            closed = n <= 0 || ::write(fds[1 - i].fd, buffer, static_cast<std::size_t>(n)) != n;
          }
          if (closed) break;
        }
        ::close(client);
        ::close(server);
      });
    }
  }

  std::string host_;
  int upstream_port_ = 0;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> down_{false};
  std::atomic<int> attempts_while_down_{0};
  std::mutex mutex_;
  std::vector<int> open_;
  std::vector<std::thread> pipes_;
  std::thread acceptor_;
};

// While PostgreSQL cannot be reached, requests fail at once with storage.unavailable and the
// server is tried a few times a second at most, not once per request.
TEST(PostgresDatabase, WhileTheServerIsDownConnectionAttemptsArePaced) {
  if (!postgres_tested()) GTEST_SKIP() << "ITAKU_TEST_POSTGRES_URL is not set";
  itaku::testing::TempDir dir;
  const auto url = itaku::testing::fresh_database_url(Backend::Postgres, dir.path());
  std::smatch parts;
  ASSERT_TRUE(std::regex_search(url, parts, std::regex(R"(@([0-9.]+):([0-9]+)/)"))) << url;
  OutageProxy proxy(parts[1].str(), std::stoi(parts[2].str()));
  const auto through_proxy = std::regex_replace(url, std::regex(R"(@([0-9.]+):([0-9]+)/)"),
                                                "@127.0.0.1:" + std::to_string(proxy.port()) + "/");
  auto db = open_database(through_proxy);
  ASSERT_TRUE(db.ok()) << db.error().describe();
  {
    auto tx = (*db)->begin(TransactionMode::Read);
    ASSERT_TRUE(tx.ok()) << tx.error().describe();
    ASSERT_TRUE((*tx)->query_int("SELECT 1").ok());
  }
  proxy.take_down();
  int refused = 0;
  for (int i = 0; i < 200; ++i) {
    auto tx = (*db)->begin(TransactionMode::Read);
    if (tx.ok()) {
      EXPECT_FALSE((*tx)->query_int("SELECT 1").ok()) << "the connection held before the outage fails";
      continue;
    }
    EXPECT_EQ(tx.error().code, "storage.unavailable");
    ++refused;
  }
  EXPECT_GE(refused, 190);
  EXPECT_LE(proxy.attempts_while_down(), 6) << "each request tried to connect";
}

TEST(PostgresDatabase, AnUnreachableServerIsUnavailableAndTheErrorDoesNotShowThePassword) {
  auto db = open_database("postgresql://itaku:s3cret-pa55@127.0.0.1:1/itaku?connect_timeout=2");
  ASSERT_FALSE(db.ok());
  const Error& error = db.error();
  EXPECT_EQ(error.kind, ErrorKind::Unavailable);
  EXPECT_EQ(error.code, "storage.unavailable");
  EXPECT_EQ(error.describe().find("s3cret-pa55"), std::string::npos) << error.describe();
  EXPECT_EQ(error.describe_ja().find("s3cret-pa55"), std::string::npos) << error.describe_ja();
}

TEST(PostgresDatabase, RedactedUrlsKeepEverythingButThePassword) {
  EXPECT_EQ(redact_postgres_url("postgresql://alice:pw@db.example:5432/itaku?sslmode=require"),
            "postgresql://alice@db.example:5432/itaku?sslmode=require");
  EXPECT_EQ(redact_postgres_url("postgres://alice@db/itaku?password=pw&sslmode=require"),
            "postgres://alice@db/itaku?sslmode=require");
  EXPECT_EQ(redact_postgres_url("postgres://db/itaku?password=pw"), "postgres://db/itaku");
  EXPECT_EQ(redact_postgres_url("postgresql://a%40b:p%3Aw@[::1]:5432"), "postgresql://a%40b@[::1]:5432");
}

TEST(PostgresDatabase, TheDisplayUrlDoesNotShowThePassword) {
  if (!postgres_tested()) GTEST_SKIP() << "ITAKU_TEST_POSTGRES_URL is not set";
  TempDir dir;
  std::string url = itaku::testing::fresh_database_url(Backend::Postgres, dir.path());
  // The test cluster trusts loopback, so any password is accepted and ignored.
  std::size_t at = url.find('@');
  ASSERT_NE(at, std::string::npos) << url;
  url.insert(at, ":hunter2-secret");
  ASSERT_OK_AND_ASSIGN(auto db, open_database(url));
  EXPECT_EQ(db->display_url().find("hunter2"), std::string::npos) << db->display_url();
  EXPECT_NE(db->display_url().find("127.0.0.1"), std::string::npos) << db->display_url();
}

TEST(PostgresDatabase, APooledConnectionThatTheServerClosedIsReplaced) {
  if (!postgres_tested()) GTEST_SKIP() << "ITAKU_TEST_POSTGRES_URL is not set";
  TempDir dir;
  std::string url = itaku::testing::fresh_database_url(Backend::Postgres, dir.path());
  ASSERT_OK_AND_ASSIGN(auto db, open_database(url));
  ASSERT_OK(migrate(*db));  // leaves a connection idle in the pool

  ASSERT_OK_AND_ASSIGN(auto admin, open_database(url));
  {
    ASSERT_OK_AND_ASSIGN(auto tx, admin->begin(TransactionMode::Write));
    ASSERT_OK(
        tx->execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"));
    ASSERT_OK(tx->commit());
  }
  // pg_terminate_backend returns before the backend has gone; wait until it has.
  for (int i = 0; i < 100; ++i) {
    ASSERT_OK_AND_ASSIGN(auto tx, admin->begin(TransactionMode::Read));
    ASSERT_OK_AND_ASSIGN(auto others, tx->query_int("SELECT COUNT(*) FROM pg_stat_activity "
                                                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"));
    if (others == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  ASSERT_OK_AND_ASSIGN(auto tx, db->begin(TransactionMode::Write));
  ASSERT_OK_AND_ASSIGN(auto entries, tx->query_int("SELECT COUNT(*) FROM ledger_entries"));
  EXPECT_EQ(entries, 0);
  ASSERT_OK(tx->commit());
}

TEST(PostgresDatabase, CommitAfterAFailedStatementReportsTheFailureAndKeepsNothing) {
  if (!postgres_tested()) GTEST_SKIP() << "ITAKU_TEST_POSTGRES_URL is not set";
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db, open_database(itaku::testing::fresh_database_url(Backend::Postgres, dir.path())));
  ASSERT_OK(migrate(*db));
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db->begin(TransactionMode::Write));
    const Param params[] = {Text{"origin"}, Text{"a"}};
    ASSERT_OK(tx->execute("INSERT INTO ledger_meta (key, value) VALUES (?, ?)", params));
    ASSERT_FALSE(tx->execute("INSERT INTO ledger_meta (key, value) VALUES (?, ?)", params).ok());
    auto committed = tx->commit();
    ASSERT_FALSE(committed.ok());
    EXPECT_EQ(committed.error().kind, ErrorKind::Conflict) << committed.error().describe();
  }
  ASSERT_OK_AND_ASSIGN(auto tx, db->begin(TransactionMode::Read));
  ASSERT_OK_AND_ASSIGN(auto n, tx->query_int("SELECT COUNT(*) FROM ledger_meta"));
  EXPECT_EQ(n, 0);
}

TEST(PostgresDatabase, InsertManyAndRowsConvertForNarrowerAndNumericColumnTypes) {
  if (!postgres_tested()) GTEST_SKIP() << "ITAKU_TEST_POSTGRES_URL is not set";
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db, open_database(itaku::testing::fresh_database_url(Backend::Postgres, dir.path())));
  ASSERT_OK_AND_ASSIGN(auto tx, db->begin(TransactionMode::Write));
  ASSERT_OK(tx->execute("CREATE TABLE odd (a INTEGER, b SMALLINT, c BIGINT, d VARCHAR(20), e NUMERIC(30, 2))"));
  // Every value has a binary form for its column: COPY in binary.
  const std::string_view narrow_columns[] = {"a", "b", "d"};
  const Param narrow[] = {std::int64_t{-5}, std::int64_t{-3}, Text{"タブ\tあり"}};
  ASSERT_OK(tx->insert_many("odd", narrow_columns, narrow));
  // Text for a BIGINT column and an integer for a NUMERIC one have not: COPY in text.
  const std::string_view mixed_columns[] = {"a", "c", "e"};
  const Param mixed[] = {std::int64_t{2147483647}, Text{"-42"}, std::int64_t{1234567}};
  ASSERT_OK(tx->insert_many("odd", mixed_columns, mixed));

  std::vector<std::string> texts;
  std::vector<std::int64_t> ints;
  ASSERT_OK(tx->query("SELECT a, b, c, d, e, e / 4 FROM odd ORDER BY a", {}, [&](const Row& row) -> Result<void> {
    for (int i = 0; i < row.column_count(); ++i) {
      texts.emplace_back(row.is_null(i) ? "NULL" : row.text(i));
      ints.push_back(row.int64(i));
    }
    return ok();
  }));
  EXPECT_EQ(texts,
            (std::vector<std::string>{"-5", "-3", "NULL", "タブ\tあり", "NULL", "NULL",  //
                                      "2147483647", "NULL", "-42", "NULL", "1234567.00", "308641.750000000000"}));
  EXPECT_EQ(ints, (std::vector<std::int64_t>{-5, -3, 0, 0, 0, 0, 2147483647, 0, -42, 0, 1234567, 308641}));
  ASSERT_OK_AND_ASSIGN(auto sum, tx->query_int("SELECT SUM(e) FROM odd"));
  EXPECT_EQ(sum, 1234567);

  // NUMERIC text matches psql's rendering.
  std::vector<std::string> numerics;
  ASSERT_OK(tx->query("SELECT 0.00001::numeric, -0.5::numeric, 10000.0001::numeric, 0::numeric, 'NaN'::numeric", {},
                      [&](const Row& row) -> Result<void> {
                        for (int i = 0; i < row.column_count(); ++i) numerics.emplace_back(row.text(i));
                        return ok();
                      }));
  EXPECT_EQ(numerics, (std::vector<std::string>{"0.00001", "-0.5", "10000.0001", "0", "NaN"}));
}

TEST(PostgresDatabase, AReadTransactionCannotWrite) {
  if (!postgres_tested()) GTEST_SKIP() << "ITAKU_TEST_POSTGRES_URL is not set";
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db, open_database(itaku::testing::fresh_database_url(Backend::Postgres, dir.path())));
  ASSERT_OK(migrate(*db));
  ASSERT_OK_AND_ASSIGN(auto tx, db->begin(TransactionMode::Read));
  const Param params[] = {Text{"origin"}, Text{"a"}};
  EXPECT_FALSE(tx->execute("INSERT INTO ledger_meta (key, value) VALUES (?, ?)", params).ok());
}

}  // namespace
}  // namespace itaku::storage
