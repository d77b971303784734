#pragma once
// What the data-driven cases of the service share (tests/cases/commands, tests/cases/compliance):
// an itaku instance of its own with the demo loaded once per file and
// copied per case, and the commands a case names. The format is described in
// command_cases_test.cpp; compliance_cases_test.cpp adds its own keys.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/service.hpp"
#include "itaku/storage/database.hpp"
#include "support/case_file.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {

// Who runs a case's command: the rest of its `as` line. What that line may say is decided here
// alone, so that when commands are run by a principal (a person with roles) only this function
// changes. Today it is an actor as the ledger records it: "person:p-yamada", "system".
std::optional<domain::Actor> actor_from(const std::string& text);

// Whether `actual` has every member of `expected`: objects member by member, other values
// whole. Says which member differs.
bool has_members(const nlohmann::json& actual, const nlohmann::json& expected, const std::string& path,
                 std::string& why);

// One itaku: a database, its ledger and the service over them, in a directory of its own.
struct Instance {
  TempDir dir;
  SimulatedClock clock{from_unix_micros(1'790'000'000'000'000)};  // 2026-09-21
  std::string url;
  std::optional<tlog::NoteSigner> signer;
  std::function<void()> after_close;  // drops a copied PostgreSQL database
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<service::Service> service;

  Instance() = default;
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  ~Instance() {
    service.reset();
    ledger.reset();
    database.reset();
    if (after_close) after_close();
  }

  Result<void> open() {
    database = TRY(storage::open_database(url));
    ledger = TRY(ledger::Ledger::open(*database, *signer, clock));
    service = TRY(service::Service::open(*database, *ledger, clock));
    return ok();
  }

  // The event of the ledger entry at `index`, or null for an entry that records none.
  nlohmann::json event_at(std::uint64_t index) const {
    auto entry = ledger->entry(index);
    if (!entry) return nullptr;
    auto parsed = nlohmann::json::parse(*entry, nullptr, false);
    return parsed.is_object() && parsed.contains("event") ? parsed["event"] : nlohmann::json(nullptr);
  }
};

// A fresh instance on `backend` with an empty ledger.
Result<std::unique_ptr<Instance>> fresh_instance(storage::Backend backend);
// `url` with its database (the path) replaced by `database`.
std::string with_database(const std::string& url, const std::string& database);
// The database `url` names.
std::string database_of(const std::string& url);

struct PgConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};

// The demo for the cases of one file on one backend. Loading it costs seconds (the built-in
// provision sets are read, and each command is a durable commit), so it is loaded once into a
// database that is then closed, and each case that needs it gets a copy: on SQLite a copy of the
// file, on PostgreSQL a database made from it as a template (CREATE DATABASE cannot run in a
// transaction, so that goes through libpq). A case that is refused records nothing, so every
// such case of the file runs on one copy (`shared`), made again only if a case records
// something after all.
class Demo {
 public:
  explicit Demo(storage::Backend backend) : backend_(backend) {}

  Result<Instance*> shared() {
    if (!shared_) shared_ = TRY(copy());
    return shared_.get();
  }
  void discard_shared() { shared_.reset(); }

  Result<std::unique_ptr<Instance>> copy() {
    TRY(load());
    auto instance = std::make_unique<Instance>();
    instance->signer = signer_;
    if (backend_ == storage::Backend::Sqlite) {
      const auto path = instance->dir.path() / "itaku.db";
      std::error_code error;
      std::filesystem::copy_file(dir_.path() / "demo.db", path, error);
      if (error) return make_error(ErrorKind::Io, "test.copy_failed", "コピーできません", error.message());
      instance->url = "sqlite:" + path.string();
    } else {
      static int copies = 0;
      const auto name = database_of(url_) + "_" + std::to_string(++copies);
      TRY(admin("CREATE DATABASE " + name + " TEMPLATE " + database_of(url_)));
      instance->url = with_database(url_, name);
      instance->after_close = [this, name] { (void)admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); };
    }
    TRY(instance->open());
    return instance;
  }

 private:
  Result<void> load() {
    if (signer_) return ok();
    auto instance = TRY(fresh_instance(backend_));
    TRY(service::load_demo(*instance->service));
    if (backend_ == storage::Backend::Sqlite) TRY(instance->database->copy_to(dir_.path() / "demo.db"));
    url_ = instance->url;
    signer_ = instance->signer;
    // The instance closes here: a template database must have no connections.
    return ok();
  }

  Result<void> admin(const std::string& sql) {
    if (!admin_) admin_.reset(PQconnectdb(std::getenv("ITAKU_TEST_POSTGRES_URL")));
    const std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(admin_.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK)
      return make_error(ErrorKind::Unavailable, "test.postgres", "PostgreSQL のエラー",
                        sql + ": " + PQerrorMessage(admin_.get()));
    return ok();
  }

  storage::Backend backend_;
  TempDir dir_;      // SQLite: demo.db
  std::string url_;  // the database the demo was loaded into
  std::optional<tlog::NoteSigner> signer_;
  std::unique_ptr<PGconn, PgConnectionCloser> admin_;
  std::unique_ptr<Instance> shared_;
};

// The command on `line`, with each $index(<type>) replaced; a command the registry refuses
// gives the registry's error.
Result<domain::Command> command_from(const Instance& instance, const Line& line);

}  // namespace itaku::testing
