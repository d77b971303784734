#include "itaku/storage/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace itaku::storage {
namespace {

// Type OIDs from the server's pg_type.dat; libpq-dev does not install catalog/pg_type_d.h.
constexpr Oid kUnspecifiedOid = 0;  // lets the server infer the type from the context
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kBpcharOid = 1042;
constexpr Oid kVarcharOid = 1043;
constexpr Oid kNumericOid = 1700;
constexpr Oid kJsonbOid = 3802;

constexpr int kTextFormat = 0;
constexpr int kBinaryFormat = 1;

// Read: the trailing SELECT takes the snapshot now rather than at the first query, so the
// transaction sees the database as of begin().
constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1";
// Write: a transaction-scoped advisory lock serialises writers, across processes too, like
// SQLite's BEGIN IMMEDIATE. The key is "itaku" in ASCII (0x6974616b75); migrate() uses another
// one (7201). The lock waits at most 30 s for another writer, like SQLite's busy timeout; the
// timeout is reset afterwards so that it applies to the lock only.
constexpr const char* kBeginWrite =
    "BEGIN; SET LOCAL lock_timeout = '30s'; SELECT pg_advisory_xact_lock(452924107637); "
    "SET LOCAL lock_timeout = DEFAULT";
constexpr std::size_t kMaxIdleConnections = 8;
// Prepared statements live as long as their connection; ad-hoc SQL must not grow them forever.
constexpr std::size_t kMaxPreparedStatements = 256;
// COPY data is sent in chunks of about this size: big enough to amortise the calls, small
// enough not to double the memory of a large batch.
constexpr std::size_t kCopyChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxStatementInErrors = 200;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// ---------------------------------------------------------------------------------------------
// Byte order helpers: PostgreSQL's binary formats are big-endian.

void append_be16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value));
}

void append_be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

void append_be64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

void store_be64(char* out, std::uint64_t value) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value);
    value >>= 8;
  }
}

std::uint64_t load_be(const char* data, int size) {
  std::uint64_t value = 0;
  for (int i = 0; i < size; ++i) value = (value << 8) | static_cast<std::uint8_t>(data[i]);
  return value;
}

std::int64_t load_signed_be(const char* data, int size) {
  std::uint64_t value = load_be(data, size);
  // Sign-extend from `size` bytes; the conversion to int64 is modular since C++20.
  if (size < 8 && (value >> (size * 8 - 1)) != 0) value |= ~std::uint64_t{0} << (size * 8);
  return static_cast<std::int64_t>(value);
}

// ---------------------------------------------------------------------------------------------
// URLs and passwords.

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

struct UrlSecrets {
  std::string redacted;
  std::vector<std::string> passwords;  // as written and percent-decoded, to scrub from messages
};

UrlSecrets split_url_secrets(std::string_view url) {
  UrlSecrets out;
  auto add_password = [&](std::string_view raw) {
    if (raw.empty()) return;
    out.passwords.emplace_back(raw);
    std::string decoded = percent_decode(raw);
    if (decoded != raw) out.passwords.push_back(std::move(decoded));
  };

  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    // Not a URI: a keyword/value string. Drop every password=… token.
    std::string redacted;
    std::size_t pos = 0;
    while (pos < url.size()) {
      std::size_t end = url.find(' ', pos);
      if (end == std::string_view::npos) end = url.size();
      std::string_view token = url.substr(pos, end - pos);
      if (token.starts_with("password=")) {
        add_password(token.substr(9));
      } else if (!token.empty()) {
        if (!redacted.empty()) redacted.push_back(' ');
        redacted.append(token);
      }
      pos = end + 1;
    }
    out.redacted = std::move(redacted);
    return out;
  }

  std::size_t authority_begin = scheme_end + 3;
  std::size_t authority_end = url.find_first_of("/?", authority_begin);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  std::string_view authority = url.substr(authority_begin, authority_end - authority_begin);
  std::string redacted(url.substr(0, authority_begin));
  std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    std::size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos) {
      add_password(userinfo.substr(colon + 1));
      userinfo = userinfo.substr(0, colon);
    }
    redacted.append(userinfo);
    redacted.append(authority.substr(at));
  } else {
    redacted.append(authority);
  }

  std::string_view rest = url.substr(authority_end);
  std::size_t query = rest.find('?');
  redacted.append(rest.substr(0, query));
  if (query != std::string_view::npos) {
    std::string kept;
    std::string_view params = rest.substr(query + 1);
    std::size_t pos = 0;
    while (pos <= params.size()) {
      std::size_t end = params.find('&', pos);
      if (end == std::string_view::npos) end = params.size();
      std::string_view param = params.substr(pos, end - pos);
      if (param.starts_with("password=")) {
        add_password(param.substr(9));
      } else if (!param.empty()) {
        kept.append(kept.empty() ? "" : "&");
        kept.append(param);
      }
      pos = end + 1;
    }
    if (!kept.empty()) redacted.append("?").append(kept);
  }
  out.redacted = std::move(redacted);
  return out;
}

std::string scrub(std::string text, const std::vector<std::string>& passwords) {
  for (const std::string& password : passwords) {
    if (password.empty()) continue;
    std::size_t pos = 0;
    while ((pos = text.find(password, pos)) != std::string::npos) {
      text.replace(pos, password.size(), "***");
      pos += 3;
    }
  }
  return text;
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return text;
}

// ---------------------------------------------------------------------------------------------
// SQL text.

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Rewrites the `?` placeholders of `sql` to $1, $2, … and counts them. A `?` inside a string
// literal ('…', E'…', $tag$…$tag$), a quoted identifier ("…") or a comment is left alone.
std::pair<std::string, int> rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int count = 0;
  std::size_t i = 0;
  const std::size_t size = sql.size();
  auto copy_until = [&](std::size_t end) {
    end = std::min(end, size);
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < size) {
    char c = sql[i];
    char next = i + 1 < size ? sql[i + 1] : '\0';
    if (c == '\'') {
      // E'…' strings allow backslash escapes; standard strings only double the quote.
      bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !is_identifier_char(sql[i - 2]));
      std::size_t j = i + 1;
      while (j < size) {
        if (escapes && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < size && sql[j + 1] == '\'') {
            j += 2;
          } else {
            break;
          }
        } else {
          ++j;
        }
      }
      copy_until(j + 1);
    } else if (c == '"') {
      std::size_t j = sql.find('"', i + 1);
      copy_until(j == std::string_view::npos ? size : j + 1);
    } else if (c == '-' && next == '-') {
      std::size_t j = sql.find('\n', i);
      copy_until(j == std::string_view::npos ? size : j);
    } else if (c == '/' && next == '*') {
      // Block comments nest in PostgreSQL.
      int depth = 0;
      std::size_t j = i;
      while (j < size) {
        if (sql[j] == '/' && j + 1 < size && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < size && sql[j + 1] == '/') {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      copy_until(j);
    } else if (c == '$' && (i == 0 || !is_identifier_char(sql[i - 1]))) {
      // A dollar-quoted string starts with $$ or $tag$, where the tag does not start with a digit.
      std::size_t j = i + 1;
      while (j < size && is_identifier_char(sql[j]) && sql[j] != '$') ++j;
      bool is_tag = j < size && sql[j] == '$' && !(next >= '0' && next <= '9');
      if (is_tag) {
        std::string_view tag = sql.substr(i, j - i + 1);
        std::size_t close = sql.find(tag, j + 1);
        copy_until(close == std::string_view::npos ? size : close + tag.size());
      } else {
        copy_until(i + 1);
      }
    } else if (c == '?') {
      out.push_back('$');
      out.append(std::to_string(++count));
      ++i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return {std::move(out), count};
}

// Plain SQL identifiers only ("name" or "schema.name"): insert_many pastes them into COPY.
bool is_plain_identifier(std::string_view name, bool allow_schema) {
  if (name.empty()) return false;
  bool at_start = true;
  for (char c : name) {
    if (c == '.' && allow_schema && !at_start) {
      allow_schema = false;
      at_start = true;
      continue;
    }
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!(letter || (!at_start && (digit || c == '$')))) return false;
    at_start = false;
  }
  return !at_start;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Connections and the pool.

struct Connection {
  explicit Connection(PGconn* raw) : conn(raw) {}
  ~Connection() { PQfinish(conn); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool healthy() const { return PQstatus(conn) == CONNECTION_OK; }

  PGconn* conn;
  // Prepared statements by SQL text and parameter types (see Transaction::run).
  std::unordered_map<std::string, std::string> statements;
  std::uint64_t statement_counter = 0;
  // Column type OIDs for insert_many, by table and column list; 0 where unknown.
  std::unordered_map<std::string, std::vector<Oid>> copy_column_types;
};

// A connection from the pool, and whether it was idle there (and so may have gone stale).
struct Lease {
  std::unique_ptr<Connection> connection;
  bool reused = false;
};

class Pool {
 public:
  Pool(std::string url, UrlSecrets secrets) : url_(std::move(url)), secrets_(std::move(secrets)) {}

  const std::string& display_url() const { return secrets_.redacted; }
  std::string scrub(std::string text) const { return storage::scrub(std::move(text), secrets_.passwords); }

  Result<Lease> acquire() {
    {
      std::lock_guard lock(mutex_);
      while (!idle_.empty()) {
        std::unique_ptr<Connection> connection = std::move(idle_.back());
        idle_.pop_back();
        if (connection->healthy()) return Lease{std::move(connection), true};
      }
    }
    return Lease{TRY(connect_paced()), false};
  }

  // Takes back a connection whose transaction has ended. A connection that is broken or still
  // inside a transaction (a failed ROLLBACK) is closed instead of being reused.
  void release(std::unique_ptr<Connection> connection) {
    if (!connection || !connection->healthy() || PQtransactionStatus(connection->conn) != PQTRANS_IDLE) return;
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(connection));
  }

  Error unavailable(std::string server_message) const {
    return make_error(ErrorKind::Unavailable, "storage.unavailable", "PostgreSQLに接続できません",
                      "cannot reach PostgreSQL")
        .with("database", display_url())
        .with("server_message", scrub(trim(std::move(server_message))));
  }

 private:
  // While the server cannot be reached, one connection attempt per backoff period (doubling from
  // 100 ms to 2 s); requests meanwhile fail at once with the last attempt's error. An outage then
  // costs the database a few attempts a second, not one per request, and the first request
  // after it recovers within the period.
  static constexpr auto kFirstBackoff = std::chrono::milliseconds(100);
  static constexpr auto kLongestBackoff = std::chrono::milliseconds(2000);
  Result<std::unique_ptr<Connection>> connect_paced() {
    {
      std::lock_guard lock(mutex_);
      const auto now = std::chrono::steady_clock::now();
      if (last_failure_ && now < retry_at_) return *last_failure_;
      retry_at_ = now + backoff_;  // this attempt's turn: the others wait for its outcome
    }
    auto connected = connect();
    std::lock_guard lock(mutex_);
    if (connected) {
      last_failure_.reset();
      backoff_ = kFirstBackoff;
    } else {
      last_failure_ = connected.error();
      retry_at_ = std::chrono::steady_clock::now() + backoff_;
      backoff_ = std::min<std::chrono::steady_clock::duration>(backoff_ * 2, kLongestBackoff);
    }
    return connected;
  }

  Result<std::unique_ptr<Connection>> connect() {
    // Our defaults come before the URL so that the URL can override them; client_encoding
    // comes after it because every string we exchange is UTF-8.
    const char* const keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding", nullptr};
    const char* const values[] = {"10", "itaku", url_.c_str(), "UTF8", nullptr};
    PGconn* raw = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (raw == nullptr) return unavailable("out of memory");
    auto connection = std::make_unique<Connection>(raw);
    if (!connection->healthy()) return unavailable(PQerrorMessage(raw));
    // NOTICEs ("relation already exists, skipping") would otherwise go to stderr.
    PQsetNoticeProcessor(
        raw, [](void*, const char*) {}, nullptr);
    // commit() promises durability; a server configured with synchronous_commit = off would
    // silently break that promise, so turn it back on for our sessions.
    PgResult result(PQexec(raw,
                           "SELECT set_config('synchronous_commit', 'on', false) "
                           "WHERE current_setting('synchronous_commit') = 'off'"));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
      return unavailable(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(raw));
    }
    return connection;
  }

  const std::string url_;
  const UrlSecrets secrets_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::optional<Error> last_failure_;  // of the last connection attempt, while it stands
  std::chrono::steady_clock::time_point retry_at_{};
  std::chrono::steady_clock::duration backoff_ = kFirstBackoff;
};

std::string_view error_field(const PGresult* result, int field) {
  const char* value = result == nullptr ? nullptr : PQresultErrorField(result, field);
  return value == nullptr ? std::string_view() : std::string_view(value);
}

// Maps a failed PGresult (or a missing one) to an Error.
Error result_error(const Pool& pool, PGconn* conn, const PGresult* result, std::string_view sql) {
  std::string sqlstate(error_field(result, PG_DIAG_SQLSTATE));
  std::string message = result != nullptr ? PQresultErrorMessage(result) : "";
  if (message.empty()) message = PQerrorMessage(conn);
  if (!error_field(result, PG_DIAG_MESSAGE_PRIMARY).empty()) message = error_field(result, PG_DIAG_MESSAGE_PRIMARY);

  bool connection_lost = PQstatus(conn) != CONNECTION_OK || sqlstate.empty() || sqlstate.starts_with("08") ||
                         sqlstate.starts_with("53") || sqlstate == "57P01" || sqlstate == "57P02" ||
                         sqlstate == "57P03";
  Error error = [&] {
    if (connection_lost) {
      return make_error(ErrorKind::Unavailable, "storage.unavailable", "PostgreSQLとの接続が失われました",
                        "lost the connection to PostgreSQL");
    }
    if (sqlstate == "55P03") {
      return make_error(ErrorKind::Unavailable, "storage.busy", "データベースが他の書き込みで使用中です",
                        "the database is busy with another write");
    }
    if (sqlstate.starts_with("23")) {
      return make_error(ErrorKind::Conflict, "storage.constraint", "データベースの制約に違反しました",
                        "the change violates a database constraint");
    }
    return make_error(ErrorKind::Io, "storage.query_failed", "PostgreSQLのクエリが失敗しました",
                      "a PostgreSQL query failed");
  }();
  error.with("database", pool.display_url()).with("server_message", pool.scrub(trim(std::move(message))));
  if (!sqlstate.empty()) error.with("sqlstate", sqlstate);
  if (auto detail = error_field(result, PG_DIAG_MESSAGE_DETAIL); !detail.empty()) {
    error.with("detail", pool.scrub(std::string(detail)));
  }
  if (auto constraint = error_field(result, PG_DIAG_CONSTRAINT_NAME); !constraint.empty()) {
    error.with("constraint", std::string(constraint));
  }
  if (!sql.empty()) {
    std::string statement(sql.substr(0, kMaxStatementInErrors));
    if (sql.size() > kMaxStatementInErrors) statement += "…";
    error.with("statement", std::move(statement));
  }
  return error;
}

Error internal_error(std::string what) {
  return make_error(ErrorKind::Internal, "storage.internal", "ストレージ層で内部エラーが発生しました",
                    "internal error in the storage layer")
      .with("what", std::move(what));
}

// ---------------------------------------------------------------------------------------------
// Rows.

// NUMERIC's binary form: ndigits, weight, sign, dscale (int16 each), then base-10000 digits.
std::string numeric_to_string(const char* data, int size) {
  if (size < 8) return {};
  int ndigits = static_cast<std::int16_t>(load_be(data, 2));
  int weight = static_cast<std::int16_t>(load_be(data + 2, 2));
  auto sign = static_cast<std::uint16_t>(load_be(data + 4, 2));
  int dscale = static_cast<std::int16_t>(load_be(data + 6, 2));
  if (sign == 0xC000) return "NaN";
  if (sign == 0xD000) return "Infinity";
  if (sign == 0xF000) return "-Infinity";
  if (size < 8 + 2 * ndigits) return {};
  auto digit = [&](int index) -> int {
    return index >= 0 && index < ndigits
               ? static_cast<int>(load_be(data + 8 + 2 * static_cast<std::ptrdiff_t>(index), 2))
               : 0;
  };
  // A NUMERIC digit group is 0..9999; written as exactly four decimal digits.
  auto append_group = [](std::string& out, int value) {
    const int group = value < 0 ? 0 : value % 10000;
    const char digits[4] = {static_cast<char>('0' + group / 1000), static_cast<char>('0' + group / 100 % 10),
                            static_cast<char>('0' + group / 10 % 10), static_cast<char>('0' + group % 10)};
    out.append(digits, 4);
  };
  std::string out = sign == 0x4000 ? "-" : "";
  if (weight < 0) {
    out += "0";
  } else {
    for (int i = 0; i <= weight; ++i) {
      if (i == 0) {
        out += std::to_string(digit(0));
      } else {
        append_group(out, digit(i));
      }
    }
  }
  if (dscale > 0) {
    std::string fraction;
    for (int i = weight + 1; static_cast<int>(fraction.size()) < dscale; ++i) append_group(fraction, digit(i));
    fraction.resize(static_cast<std::size_t>(dscale));
    out += "." + fraction;
  }
  return out;
}

std::int64_t parse_int64(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  // Like SQLite, text that is not a number reads as 0 and a decimal part is dropped.
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// Results come in binary format; the accessors convert by the column's type OID.
class PostgresRow final : public Row {
 public:
  void reset(const PGresult* result, int row) {
    result_ = result;
    row_ = row;
    int columns = PQnfields(result);
    if (static_cast<int>(converted_.size()) < columns) converted_.resize(static_cast<std::size_t>(columns));
  }

  int column_count() const override { return PQnfields(result_); }

  bool is_null(int column) const override { return !in_range(column) || PQgetisnull(result_, row_, column) != 0; }

  std::int64_t int64(int column) const override {
    if (is_null(column)) return 0;
    const char* data = PQgetvalue(result_, row_, column);
    int size = PQgetlength(result_, row_, column);
    switch (PQftype(result_, column)) {
      case kInt8Oid: return size == 8 ? load_signed_be(data, 8) : 0;
      case kInt4Oid: return size == 4 ? load_signed_be(data, 4) : 0;
      case kInt2Oid: return size == 2 ? load_signed_be(data, 2) : 0;
      case kOidOid: return size == 4 ? static_cast<std::int64_t>(load_be(data, 4)) : 0;
      case kBoolOid: return size == 1 && data[0] != 0 ? 1 : 0;
      case kFloat4Oid:
      case kFloat8Oid:
      case kNumericOid: return parse_int64(text(column));
      default: return parse_int64(std::string_view(data, static_cast<std::size_t>(size)));
    }
  }

  std::string_view text(int column) const override {
    if (is_null(column)) return {};
    const char* data = PQgetvalue(result_, row_, column);
    int size = PQgetlength(result_, row_, column);
    std::string& converted = converted_[static_cast<std::size_t>(column)];
    switch (PQftype(result_, column)) {
      case kInt8Oid:
      case kInt4Oid:
      case kInt2Oid:
      case kOidOid: converted = std::to_string(int64(column)); return converted;
      case kBoolOid: return size == 1 && data[0] != 0 ? "t" : "f";
      case kFloat4Oid:
      case kFloat8Oid: {
        double value = 0;
        if (size == 4) {
          auto bits = static_cast<std::uint32_t>(load_be(data, 4));
          float f = 0;
          std::memcpy(&f, &bits, sizeof f);
          value = f;
        } else if (size == 8) {
          std::uint64_t bits = load_be(data, 8);
          std::memcpy(&value, &bits, sizeof value);
        }
        char buffer[64];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        converted.assign(buffer, ec == std::errc() ? end : buffer);
        return converted;
      }
      case kNumericOid: converted = numeric_to_string(data, size); return converted;
      case kJsonbOid:
        // jsonb's binary form is a version byte followed by the JSON text.
        return size >= 1 ? std::string_view(data + 1, static_cast<std::size_t>(size - 1)) : std::string_view();
      default:
        // text, varchar, bpchar, name, bytea and unknown types: the binary form is the bytes.
        return {data, static_cast<std::size_t>(size)};
    }
  }

  ByteView blob(int column) const override {
    if (is_null(column)) return {};
    if (PQftype(result_, column) == kByteaOid) {
      return {reinterpret_cast<const std::uint8_t*>(PQgetvalue(result_, row_, column)),
              static_cast<std::size_t>(PQgetlength(result_, row_, column))};
    }
    return as_bytes(text(column));
  }

 private:
  bool in_range(int column) const { return column >= 0 && column < PQnfields(result_); }

  const PGresult* result_ = nullptr;
  int row_ = 0;
  // Values that had to be converted to text, one slot per column so that a view stays valid
  // while the callback reads other columns.
  mutable std::vector<std::string> converted_;
};

// ---------------------------------------------------------------------------------------------
// Transactions.

// Parameters laid out for PQexecPrepared. Kept in the transaction so that repeated statements
// do not allocate.
struct BoundParams {
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::vector<Oid> types;
  std::vector<std::array<char, 8>> integers;
  std::vector<std::string> texts;
  std::string signature;  // one letter per parameter type, part of the prepared statement key
};

class PostgresTransaction final : public Transaction {
 public:
  PostgresTransaction(std::shared_ptr<Pool> pool, std::unique_ptr<Connection> connection)
      : pool_(std::move(pool)), connection_(std::move(connection)) {}

  ~PostgresTransaction() override {
    if (connection_ && !finished_) {
      // No exception can come out of here: PQexec reports failures through its result, and
      // a connection left inside a transaction is closed by release().
      PgResult result(PQexec(connection_->conn, "ROLLBACK"));
    }
    finish();
  }

  PostgresTransaction(const PostgresTransaction&) = delete;
  PostgresTransaction& operator=(const PostgresTransaction&) = delete;

  Result<void> execute(std::string_view sql, std::span<const Param> params) override {
    return guarded([&] { return run(sql, params, nullptr); });
  }

  Result<void> execute_script(std::string_view sql) override {
    return guarded([&]() -> Result<void> {
      TRY(check_open());
      std::string script(sql);
      PgResult result(PQexec(connection_->conn, script.c_str()));
      ExecStatusType status = PQresultStatus(result.get());
      if (result && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)) {
        return ok();
      }
      return fail(result_error(*pool_, connection_->conn, result.get(), sql));
    });
  }

  Result<void> query(std::string_view sql, std::span<const Param> params, const RowCallback& on_row) override {
    return guarded([&] { return run(sql, params, &on_row); });
  }

  Result<void> insert_many(std::string_view table, std::span<const std::string_view> columns,
                           std::span<const Param> values) override {
    return guarded([&] { return copy_in(table, columns, values); });
  }

  Result<void> commit() override {
    return guarded([&]() -> Result<void> {
      TRY(check_open());
      PGconn* conn = connection_->conn;
      if (PQtransactionStatus(conn) == PQTRANS_INERROR) {
        // PostgreSQL answers COMMIT in a failed transaction with ROLLBACK and no error; say so.
        PgResult rollback(PQexec(conn, "ROLLBACK"));
        finish();
        Error error = first_error_ ? *first_error_ : aborted_error();
        return std::move(error).with("rolled_back", "true");
      }
      PgResult result(PQexec(conn, "COMMIT"));
      if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
        Error error = result_error(*pool_, conn, result.get(), "COMMIT");
        finish();
        return error;
      }
      bool rolled_back = std::string_view(PQcmdStatus(result.get())) == "ROLLBACK";
      finish();
      if (rolled_back) return std::move(first_error_ ? *first_error_ : aborted_error()).with("rolled_back", "true");
      return ok();
    });
  }

 private:
  template <typename Fn>
  Result<void> guarded(Fn&& fn) {
    try {
      return fn();
    } catch (const std::exception& e) {
      // An exception (from the row callback, or out of memory) may have left the connection
      // in the middle of a protocol exchange; it cannot be reused.
      poison();
      return internal_error(e.what());
    } catch (...) {
      poison();
      return internal_error("unknown exception");
    }
  }

  void poison() {
    connection_.reset();
    finished_ = true;
  }

  void finish() {
    finished_ = true;
    if (connection_) pool_->release(std::move(connection_));
  }

  Result<void> check_open() const {
    if (!finished_ && connection_) return ok();
    return make_error(ErrorKind::Internal, "storage.transaction_finished", "トランザクションは既に終了しています",
                      "the transaction has already ended");
  }

  Error aborted_error() const {
    return make_error(ErrorKind::Io, "storage.query_failed", "トランザクションは先行するエラーで中断されました",
                      "the transaction was aborted by an earlier error")
        .with("database", pool_->display_url());
  }

  Error fail(Error error) {
    if (!first_error_) first_error_ = error;
    return error;
  }

  // Lays out `params` for libpq: integers and blobs in binary, text as text with an unspecified
  // type, so that the server infers it from the context exactly as it would for a literal.
  Result<void> bind(std::span<const Param> params) {
    BoundParams& b = bound_;
    std::size_t n = params.size();
    b.values.clear();
    b.lengths.clear();
    b.formats.clear();
    b.types.clear();
    b.integers.clear();
    b.texts.clear();
    b.signature.clear();
    // Reserved up front: the value pointers point into these vectors.
    b.integers.reserve(n);
    b.texts.reserve(n);
    static constexpr char kEmpty[1] = {0};
    for (const Param& param : params) {
      if (std::holds_alternative<std::nullptr_t>(param)) {
        b.values.push_back(nullptr);
        b.lengths.push_back(0);
        b.formats.push_back(kTextFormat);
        b.types.push_back(kUnspecifiedOid);
        b.signature.push_back('n');
      } else if (const auto* integer = std::get_if<std::int64_t>(&param)) {
        auto& buffer = b.integers.emplace_back();
        store_be64(buffer.data(), static_cast<std::uint64_t>(*integer));
        b.values.push_back(buffer.data());
        b.lengths.push_back(8);
        b.formats.push_back(kBinaryFormat);
        b.types.push_back(kInt8Oid);
        b.signature.push_back('i');
      } else if (const auto* text = std::get_if<Text>(&param)) {
        if (text->value.find('\0') != std::string_view::npos) {
          return make_error(ErrorKind::Invalid, "storage.invalid_text", "テキストにNUL文字は使えません",
                            "text must not contain NUL characters");
        }
        // Text-format values are NUL-terminated, so they need a copy.
        const std::string& copy = b.texts.emplace_back(text->value);
        b.values.push_back(copy.c_str());
        b.lengths.push_back(static_cast<int>(copy.size()));
        b.formats.push_back(kTextFormat);
        b.types.push_back(kUnspecifiedOid);
        b.signature.push_back('t');
      } else {
        ByteView blob = std::get<Blob>(param).value;
        // A null pointer would mean SQL NULL, so an empty blob needs a real address.
        b.values.push_back(blob.empty() ? kEmpty : reinterpret_cast<const char*>(blob.data()));
        b.lengths.push_back(static_cast<int>(blob.size()));
        b.formats.push_back(kBinaryFormat);
        b.types.push_back(kByteaOid);
        b.signature.push_back('b');
      }
    }
    return ok();
  }

  // Returns the name of a prepared statement for `sql` with the bound parameter types,
  // preparing it on this connection the first time. The types are part of the key because
  // the server fixes the parameter types when it prepares.
  Result<std::string> prepare(std::string_view sql, std::size_t param_count) {
    std::string key;
    key.reserve(sql.size() + 1 + bound_.signature.size());
    key.append(sql).push_back('\0');
    key.append(bound_.signature);
    if (auto it = connection_->statements.find(key); it != connection_->statements.end()) return it->second;

    auto [rewritten, placeholders] = rewrite_placeholders(sql);
    if (static_cast<std::size_t>(placeholders) != param_count) {
      return make_error(ErrorKind::Internal, "storage.parameter_count", "SQLのパラメータ数が一致しません",
                        "the number of parameters does not match the placeholders in the SQL")
          .with("placeholders", std::to_string(placeholders))
          .with("parameters", std::to_string(param_count))
          .with("statement", std::string(sql.substr(0, kMaxStatementInErrors)));
    }
    PGconn* conn = connection_->conn;
    if (connection_->statements.size() >= kMaxPreparedStatements) {
      PgResult result(PQexec(conn, "DEALLOCATE ALL"));
      if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) return fail(result_error(*pool_, conn, result.get(), sql));
      connection_->statements.clear();
    }
    std::string name = "itaku_" + std::to_string(++connection_->statement_counter);
    PgResult result(
        PQprepare(conn, name.c_str(), rewritten.c_str(), static_cast<int>(param_count), bound_.types.data()));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) return fail(result_error(*pool_, conn, result.get(), sql));
    connection_->statements.emplace(std::move(key), name);
    return name;
  }

  Result<void> run(std::string_view sql, std::span<const Param> params, const RowCallback* on_row) {
    TRY(check_open());
    TRY(bind(params));
    std::string name = TRY(prepare(sql, params.size()));
    PGconn* conn = connection_->conn;
    int n = static_cast<int>(params.size());
    const BoundParams& b = bound_;

    if (on_row == nullptr) {
      PgResult result(
          PQexecPrepared(conn, name.c_str(), n, b.values.data(), b.lengths.data(), b.formats.data(), kBinaryFormat));
      ExecStatusType status = PQresultStatus(result.get());
      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return ok();
      return fail(result_error(*pool_, conn, result.get(), sql));
    }

    if (PQsendQueryPrepared(conn, name.c_str(), n, b.values.data(), b.lengths.data(), b.formats.data(),
                            kBinaryFormat) == 0) {
      return fail(result_error(*pool_, conn, nullptr, sql));
    }
    // Rows are handed over as they arrive, so a large result does not sit in memory whole.
    PQsetSingleRowMode(conn);
    std::optional<Error> error;
    bool server_error = false;
    PostgresRow row;
    // Every result must be read, even after a failure, to leave the connection ready for the
    // next statement.
    while (PGresult* raw = PQgetResult(conn)) {
      PgResult result(raw);
      switch (PQresultStatus(raw)) {
        case PGRES_SINGLE_TUPLE:
        case PGRES_TUPLES_OK:
          for (int i = 0, rows = PQntuples(raw); i < rows && !error; ++i) {
            row.reset(raw, i);
            Result<void> outcome = (*on_row)(row);
            if (!outcome) error = outcome.release_error();
          }
          break;
        case PGRES_COMMAND_OK:
        case PGRES_EMPTY_QUERY: break;
        default:
          if (!server_error) {
            server_error = true;
            // The server's failure wins over a callback's: it is what aborted the transaction.
            error = fail(result_error(*pool_, conn, raw, sql));
          }
          break;
      }
    }
    if (!error && PQstatus(conn) != CONNECTION_OK) error = fail(result_error(*pool_, conn, nullptr, sql));
    if (error) return std::move(*error);
    return ok();
  }

  // Looks up the types of the columns insert_many writes, once per connection, so that values
  // can be sent in each column's binary format.
  Result<const std::vector<Oid>*> column_types(std::string_view table, std::span<const std::string_view> columns,
                                               const std::string& key) {
    if (auto it = connection_->copy_column_types.find(key); it != connection_->copy_column_types.end()) {
      return &it->second;
    }
    std::unordered_map<std::string, Oid> by_name;
    std::string table_name(table);
    const Param params[] = {Text{table_name}};
    const RowCallback on_row = [&](const Row& row) -> Result<void> {
      by_name.emplace(std::string(row.text(0)), static_cast<Oid>(row.int64(1)));
      return ok();
    };
    TRY(
        run("SELECT a.attname::text, a.atttypid::int8 FROM pg_catalog.pg_attribute a "
            "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped",
            params, &on_row));
    std::vector<Oid> types;
    types.reserve(columns.size());
    for (std::string_view column : columns) {
      auto it = by_name.find(ascii_lower(column));
      types.push_back(it == by_name.end() ? kUnspecifiedOid : it->second);
    }
    auto [it, inserted] = connection_->copy_column_types.emplace(key, std::move(types));
    return &it->second;
  }

  static bool fits_binary(Oid type, const Param& value) {
    switch (value.index()) {
      case 0: return true;
      case 1: {
        std::int64_t integer = std::get<std::int64_t>(value);
        if (type == kInt8Oid) return true;
        if (type == kInt4Oid) return integer >= INT32_MIN && integer <= INT32_MAX;
        if (type == kInt2Oid) return integer >= INT16_MIN && integer <= INT16_MAX;
        return false;
      }
      case 2: return type == kTextOid || type == kVarcharOid || type == kBpcharOid;
      default: return type == kByteaOid;
    }
  }

  static void append_binary_field(std::string& out, Oid type, const Param& value) {
    switch (value.index()) {
      case 0:
        append_be32(out, 0xFFFFFFFFu);  // -1: NULL
        break;
      case 1: {
        auto integer = static_cast<std::uint64_t>(std::get<std::int64_t>(value));
        if (type == kInt4Oid) {
          append_be32(out, 4);
          append_be32(out, static_cast<std::uint32_t>(integer));
        } else if (type == kInt2Oid) {
          append_be32(out, 2);
          append_be16(out, static_cast<std::uint16_t>(integer));
        } else {
          append_be32(out, 8);
          append_be64(out, integer);
        }
        break;
      }
      case 2: {
        std::string_view text = std::get<Text>(value).value;
        append_be32(out, static_cast<std::uint32_t>(text.size()));
        out.append(text);
        break;
      }
      default: {
        std::string_view bytes = as_chars(std::get<Blob>(value).value);
        append_be32(out, static_cast<std::uint32_t>(bytes.size()));
        out.append(bytes);
        break;
      }
    }
  }

  // COPY's text format, for columns whose binary format we do not write: the server parses
  // each field with the column type's input function, as it would a literal.
  static void append_text_field(std::string& out, const Param& value) {
    static constexpr char kHex[] = "0123456789abcdef";
    auto append_escaped = [&out](std::string_view text) {
      for (char c : text) {
        switch (c) {
          case '\\': out.append("\\\\"); break;
          case '\n': out.append("\\n"); break;
          case '\r': out.append("\\r"); break;
          case '\t': out.append("\\t"); break;
          default: out.push_back(c); break;
        }
      }
    };
    switch (value.index()) {
      case 0: out.append("\\N"); break;
      case 1: out.append(std::to_string(std::get<std::int64_t>(value))); break;
      case 2: append_escaped(std::get<Text>(value).value); break;
      default:
        // bytea's hex input form, with its backslash escaped for COPY.
        out.append("\\\\x");
        for (std::uint8_t byte : std::get<Blob>(value).value) {
          out.push_back(kHex[byte >> 4]);
          out.push_back(kHex[byte & 0xF]);
        }
        break;
    }
  }

  Result<void> copy_in(std::string_view table, std::span<const std::string_view> columns,
                       std::span<const Param> values) {
    TRY(check_open());
    if (columns.empty() || values.size() % columns.size() != 0) {
      return make_error(ErrorKind::Internal, "storage.parameter_count", "一括挿入の値の数が列数の倍数ではありません",
                        "insert_many needs a whole number of rows of values")
          .with("columns", std::to_string(columns.size()))
          .with("values", std::to_string(values.size()));
    }
    if (values.empty()) return ok();
    bool names_ok = is_plain_identifier(table, /*allow_schema=*/true) &&
                    std::all_of(columns.begin(), columns.end(),
                                [](std::string_view c) { return is_plain_identifier(c, /*allow_schema=*/false); });
    if (!names_ok) {
      return make_error(ErrorKind::Internal, "storage.invalid_identifier", "表名または列名が不正です",
                        "invalid table or column name")
          .with("table", std::string(table.substr(0, 100)));
    }

    std::string column_list;
    for (std::string_view column : columns) {
      if (!column_list.empty()) column_list.append(", ");
      column_list.append(column);
    }
    std::string key = std::string(table) + '\0' + column_list;
    const std::vector<Oid>& types = *TRY(column_types(table, columns, key));

    std::size_t width = columns.size();
    bool binary = true;
    for (std::size_t i = 0; i < values.size() && binary; ++i) binary = fits_binary(types[i % width], values[i]);

    std::string sql = "COPY " + std::string(table) + " (" + column_list + ") FROM STDIN WITH (FORMAT " +
                      (binary ? "binary" : "text") + ")";
    PGconn* conn = connection_->conn;
    {
      PgResult result(PQexec(conn, sql.c_str()));
      if (PQresultStatus(result.get()) != PGRES_COPY_IN) {
        connection_->copy_column_types.erase(key);
        return fail(result_error(*pool_, conn, result.get(), sql));
      }
    }

    std::string buffer;
    buffer.reserve(kCopyChunkBytes + 4096);
    bool send_failed = false;
    auto flush = [&] {
      if (!send_failed && !buffer.empty() && PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size())) != 1) {
        send_failed = true;
      }
      buffer.clear();
    };
    if (binary) {
      // Signature, flags (no OIDs), header extension length.
      buffer.append("PGCOPY\n\377\r\n\0", 11);
      append_be32(buffer, 0);
      append_be32(buffer, 0);
    }
    for (std::size_t row = 0; row < values.size() / width && !send_failed; ++row) {
      std::span<const Param> fields = values.subspan(row * width, width);
      if (binary) {
        append_be16(buffer, static_cast<std::uint16_t>(width));
        for (std::size_t i = 0; i < width; ++i) append_binary_field(buffer, types[i], fields[i]);
      } else {
        for (std::size_t i = 0; i < width; ++i) {
          if (i > 0) buffer.push_back('\t');
          append_text_field(buffer, fields[i]);
        }
        buffer.push_back('\n');
      }
      if (buffer.size() >= kCopyChunkBytes) flush();
    }
    if (binary) append_be16(buffer, 0xFFFF);  // the file trailer: a field count of -1
    flush();

    std::optional<Error> error;
    if (send_failed || PQputCopyEnd(conn, nullptr) != 1) error = result_error(*pool_, conn, nullptr, sql);
    while (PGresult* raw = PQgetResult(conn)) {
      PgResult result(raw);
      ExecStatusType status = PQresultStatus(raw);
      if (status != PGRES_COMMAND_OK && !error) error = result_error(*pool_, conn, raw, sql);
      // After a failed send libpq may still think COPY is in progress; end it so the loop ends.
      if (status == PGRES_COPY_IN) PQputCopyEnd(conn, "itaku: COPY aborted");
    }
    if (error) {
      // A type mismatch may come from a schema change since the types were cached.
      connection_->copy_column_types.erase(key);
      return fail(std::move(*error));
    }
    return ok();
  }

  std::shared_ptr<Pool> pool_;
  std::unique_ptr<Connection> connection_;
  bool finished_ = false;
  // The first server error: PostgreSQL aborts the transaction there, and commit() reports it.
  std::optional<Error> first_error_;
  BoundParams bound_;
};

// ---------------------------------------------------------------------------------------------
// The database.

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  Backend backend() const override { return Backend::Postgres; }
  std::string display_url() const override { return pool_->display_url(); }

  Result<std::unique_ptr<Transaction>> begin(TransactionMode mode) override {
    try {
      return begin_transaction(mode);
    } catch (const std::exception& e) {
      return internal_error(e.what());
    } catch (...) {
      return internal_error("unknown exception");
    }
  }

 private:
  Result<std::unique_ptr<Transaction>> begin_transaction(TransactionMode mode) {
    const char* sql = mode == TransactionMode::Read ? kBeginRead : kBeginWrite;

    // An idle pooled connection may have been closed by the server since it was last used;
    // that shows only when it is used, and then it is safe to try another one because nothing
    // has happened yet.
    while (true) {
      Lease lease = TRY(pool_->acquire());
      PGconn* conn = lease.connection->conn;
      PgResult result(PQexec(conn, sql));
      ExecStatusType status = PQresultStatus(result.get());
      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        return std::unique_ptr<Transaction>(std::make_unique<PostgresTransaction>(pool_, std::move(lease.connection)));
      }
      if (lease.reused && PQstatus(conn) != CONNECTION_OK) continue;
      Error error = result_error(*pool_, conn, result.get(), {});
      if (PQtransactionStatus(conn) != PQTRANS_IDLE) PgResult rollback(PQexec(conn, "ROLLBACK"));
      pool_->release(std::move(lease.connection));
      return error;
    }
  }

  std::shared_ptr<Pool> pool_;
};

}  // namespace

std::string redact_postgres_url(std::string_view url) { return split_url_secrets(url).redacted; }

Result<std::unique_ptr<Database>> open_postgres(std::string_view url) {
  try {
    std::string url_string(url);
    UrlSecrets secrets = split_url_secrets(url);
    char* parse_error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url_string.c_str(), &parse_error);
    if (options == nullptr) {
      std::string message = parse_error != nullptr ? parse_error : "out of memory";
      PQfreemem(parse_error);
      return make_error(ErrorKind::Invalid, "storage.invalid_url", "PostgreSQLのURLが不正です",
                        "the PostgreSQL URL is invalid")
          .with("database", secrets.redacted)
          .with("reason", scrub(trim(std::move(message)), secrets.passwords));
    }
    PQconninfoFree(options);

    auto pool = std::make_shared<Pool>(std::move(url_string), std::move(secrets));
    // Connect once now so that a wrong URL or a down server shows at open, not at first use.
    Lease lease = TRY(pool->acquire());
    pool->release(std::move(lease.connection));
    return std::unique_ptr<Database>(std::make_unique<PostgresDatabase>(std::move(pool)));
  } catch (const std::exception& e) {
    return internal_error(e.what());
  } catch (...) {
    return internal_error("unknown exception");
  }
}

}  // namespace itaku::storage
