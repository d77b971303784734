#include "support/test_databases.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string_view>

namespace itaku::testing {
namespace {

constexpr const char* kUrlVariable = "ITAKU_TEST_POSTGRES_URL";
constexpr const char* kRequireVariable = "ITAKU_REQUIRE_POSTGRES";

struct ConnectionDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConnection = std::unique_ptr<PGconn, ConnectionDeleter>;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::string trimmed(const char* message) {
  std::string text = message == nullptr ? "" : message;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Connects to `url`, with a short timeout: an unreachable test server should fail fast.
PgConnection connect(const std::string& url, std::string* why) {
  const char* const keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* const values[] = {"5", url.c_str(), nullptr};
  PgConnection conn(PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    if (why != nullptr) *why = conn ? trimmed(PQerrorMessage(conn.get())) : "out of memory";
    return nullptr;
  }
  PQsetNoticeProcessor(
      conn.get(), [](void*, const char*) {}, nullptr);
  return conn;
}

// The databases this process created, dropped at exit. Never destroyed, so that the atexit
// handler cannot run after it.
struct Created {
  std::mutex mutex;
  PgConnection admin;
  std::vector<std::string> names;
};

Created& created() {
  static auto* instance = new Created;
  return *instance;
}

void drop_created_databases() {
  Created& state = created();
  std::lock_guard lock(state.mutex);
  if (state.names.empty()) return;
  if (!state.admin || PQstatus(state.admin.get()) != CONNECTION_OK) {
    state.admin = connect(environment(kUrlVariable), nullptr);
  }
  if (!state.admin) return;
  for (const std::string& name : state.names) {
    // FORCE closes connections a test leaked; this is best-effort cleanup.
    std::string sql = "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
    PgResult result(PQexec(state.admin.get(), sql.c_str()));
  }
  state.names.clear();
  state.admin.reset();
}

// `url` with its database (the path) replaced by `database`.
std::string with_database(const std::string& url, const std::string& database) {
  std::size_t scheme = url.find("://");
  std::size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
  std::size_t path = url.find_first_of("/?", authority);
  if (path == std::string::npos) return url + "/" + database;
  std::size_t query = url.find('?', path);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, path) + "/" + database + rest;
}

bool postgres_available() {
  static const bool available = [] {
    std::string url = environment(kUrlVariable);
    bool required = environment(kRequireVariable) == "1";
    std::string why;
    if (url.empty()) {
      why = std::string(kUrlVariable) + " is not set";
    } else if (connect(url, &why)) {
      return true;
    }
    if (required) {
      std::fprintf(stderr,
                   "\nFATAL: %s=1, but PostgreSQL cannot be used for the storage tests: %s.\n"
                   "Start a server with `scripts/postgres.sh start DIR` and set %s to the URL it prints.\n\n",
                   kRequireVariable, why.c_str(), kUrlVariable);
      std::fflush(stderr);
      std::abort();
    }
    if (!url.empty()) {
      std::fprintf(stderr, "note: not testing PostgreSQL, %s is unreachable: %s\n", kUrlVariable, why.c_str());
    }
    return false;
  }();
  return available;
}

}  // namespace

std::vector<storage::Backend> test_backends() {
  std::vector<storage::Backend> backends = {storage::Backend::Sqlite};
  if (postgres_available()) backends.push_back(storage::Backend::Postgres);
  return backends;
}

std::string fresh_database_url(storage::Backend backend, const std::filesystem::path& dir) {
  static std::atomic<int> counter{0};
  int number = ++counter;
  if (backend == storage::Backend::Sqlite) {
    return "sqlite:" + (dir / ("test-" + std::to_string(number) + ".db")).string();
  }

  std::string admin_url = environment(kUrlVariable);
  if (admin_url.empty()) {
    ADD_FAILURE() << "fresh_database_url(Postgres) needs " << kUrlVariable;
    return "postgresql://unset.invalid/none";
  }
  std::string name = "itaku_t_" + std::to_string(getpid()) + "_" + std::to_string(number);
  Created& state = created();
  std::lock_guard lock(state.mutex);
  if (!state.admin || PQstatus(state.admin.get()) != CONNECTION_OK) {
    std::string why;
    state.admin = connect(admin_url, &why);
    if (!state.admin) {
      ADD_FAILURE() << "cannot connect to " << kUrlVariable << ": " << why;
      return with_database(admin_url, name);
    }
  }
  // CREATE DATABASE cannot run inside a transaction, so this goes through libpq directly
  // rather than the storage interface.
  std::string sql = "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'";
  PgResult result(PQexec(state.admin.get(), sql.c_str()));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    ADD_FAILURE() << "cannot create test database " << name << ": " << trimmed(PQerrorMessage(state.admin.get()));
  } else {
    static std::once_flag registered;
    std::call_once(registered, [] { std::atexit(drop_created_databases); });
    state.names.push_back(name);
  }
  return with_database(admin_url, name);
}

std::string backend_name(const ::testing::TestParamInfo<storage::Backend>& info) {
  switch (info.param) {
    case storage::Backend::Sqlite: return "sqlite";
    case storage::Backend::Postgres: return "postgres";
  }
  return "unknown";
}

}  // namespace itaku::testing
