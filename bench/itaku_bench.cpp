// itaku-bench: performance figures measured side by side in one run, printed as one JSON
// object per run. Results and the commands that produced them go in bench/RESULTS.md.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "compliance_bench.hpp"
#include "decide_bench.hpp"
#include "http_bench.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/core/config.hpp"
#include "itaku/crypto/ed25519.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/ledger/verify.hpp"
#include "itaku/storage/database.hpp"
#include "itaku/tlog/merkle.hpp"
#include "monitoring_bench.hpp"

#include "bench_support.hpp"

namespace {

using namespace itaku;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

using bench::must;

// An event of the size a recorded access decision will have (~200 bytes).
CanonicalJson bench_event(int thread, int n) {
  char person[16], asset[16];
  std::snprintf(person, sizeof(person), "p-%06d", (thread * 7919 + n) % 1000000);
  std::snprintf(asset, sizeof(asset), "a-%06d", (n * 104729) % 1000000);
  return CanonicalJson::from_object({{"type", "access.decided"},
                                     {"contract", "c-2026-0001"},
                                     {"person", person},
                                     {"asset", asset},
                                     {"action", "read"},
                                     {"decision", "allow"},
                                     {"clause", "長野市 第3"},
                                     {"at", "2026-11-22T05:31:12.000000Z"},
                                     {"thread", thread},
                                     {"n", n}})
      .release_value();
}

struct LedgerBenchOptions {
  std::string backend = "sqlite";
  std::string database;  // for postgres
  int appenders = 64;
  int entries = 200000;
  std::string data_dir;
};

// A plain batched insert of rows shaped like ledger rows, through the same storage layer with
// the same durability (one durable commit per batch), single-threaded: the ceiling the
// ledger's append path is compared with.
double raw_ceiling(storage::Database& database, int rows, std::size_t row_bytes) {
  auto setup = must(database.begin(storage::TransactionMode::Write));
  const bool postgres = database.backend() == storage::Backend::Postgres;
  must(setup->execute_script(postgres ? "DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (seq BIGINT PRIMARY "
                                        "KEY, leaf_hash BYTEA NOT NULL, entry BYTEA NOT NULL)"
                                      : "DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (seq INTEGER PRIMARY "
                                        "KEY, leaf_hash BLOB NOT NULL, entry BLOB NOT NULL)"));
  must(setup->commit());
  const std::string entry(row_bytes, 'x');
  const tlog::Hash leaf{};
  constexpr int kBatch = 1000;
  std::vector<storage::Param> params;
  constexpr std::string_view kColumns[] = {"seq", "leaf_hash", "entry"};
  const auto start = Clock::now();
  for (int base = 0; base < rows; base += kBatch) {
    params.clear();
    for (int i = base; i < std::min(rows, base + kBatch); ++i) {
      params.emplace_back(std::int64_t{i});
      params.emplace_back(storage::Blob{leaf});
      params.emplace_back(storage::Blob{as_bytes(entry)});
    }
    auto tx = must(database.begin(storage::TransactionMode::Write));
    must(tx->insert_many("bench_raw", kColumns, params));
    must(tx->commit());
  }
  const double rate = rows / seconds_since(start);
  auto cleanup = must(database.begin(storage::TransactionMode::Write));
  must(cleanup->execute_script("DROP TABLE bench_raw"));
  must(cleanup->commit());
  return rate;
}

// Written by sha256_rate, so that its loop of digests is not optimised away.
std::uint8_t kept_digest_byte = 0;

double sha256_rate(std::size_t bytes) {
  const std::string data(bytes, 'x');
  constexpr int kCount = 2'000'000;
  const auto start = Clock::now();
  tlog::Hash sink{};
  for (int i = 0; i < kCount; ++i) {
    const auto h = tlog::leaf_hash(as_bytes(data));
    sink[0] ^= h[0];
  }
  const double rate = kCount / seconds_since(start);
  kept_digest_byte = sink[0];
  return rate;
}

int run_ledger(const LedgerBenchOptions& options) {
  crypto::initialise();
  std::filesystem::path dir = options.data_dir;
  const bool keep = !dir.empty();
  if (!keep) {
    std::string pattern = (std::filesystem::temp_directory_path() / "itaku-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return 1;
    dir = pattern;
  }
  std::filesystem::create_directories(dir);
  std::string url;
  if (options.backend == "sqlite") {
    url = "sqlite:" + (dir / "itaku.db").string();
  } else if (options.backend == "postgres") {
    url = options.database;
    if (url.empty())
      if (const char* env = std::getenv("ITAKU_BENCH_POSTGRES_URL")) url = env;
    if (url.empty()) {
      std::cerr << "itaku-bench: --backend postgres needs --database URL (or ITAKU_BENCH_POSTGRES_URL)\n";
      return 2;
    }
  } else {
    std::cerr << "itaku-bench: --backend must be sqlite or postgres\n";
    return 2;
  }
  const std::string origin = "bench.itaku/ledger";
  must(write_default_config(dir, origin, options.backend == "postgres" ? url : ""));
  auto database = must(storage::open_database(url));
  must(storage::migrate(*database));
  {
    auto tx = must(database->begin(storage::TransactionMode::Read));
    if (must(tx->query_int("SELECT COUNT(*) FROM ledger_meta")).value_or(0) != 0) {
      std::cerr << "itaku-bench: the database already holds a ledger; use a fresh --data-dir or database\n";
      return 2;
    }
  }
  auto signer = must(ledger::create_signing_key(dir, origin));
  SystemClock clock;
  must(ledger::initialise_ledger(*database, signer, clock));

  const int per_thread = options.entries / options.appenders;
  const int total = per_thread * options.appenders;
  std::vector<std::vector<float>> latencies(options.appenders);
  double append_seconds = 0;
  double proof_us = 0;
  ledger::LedgerStats stats;
  std::size_t row_bytes = 0;
  {
    auto ledger = must(ledger::Ledger::open(*database, signer, clock));
    row_bytes = ledger::wrap_entry(bench_event(0, 0), 0).size() + 32 + 8;
    std::vector<std::thread> threads;
    threads.reserve(options.appenders);
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    for (int t = 0; t < options.appenders; ++t)
      threads.emplace_back([&, t] {
        std::vector<CanonicalJson> events;
        events.reserve(per_thread);
        for (int n = 0; n < per_thread; ++n) events.push_back(bench_event(t, n));
        latencies[t].reserve(per_thread);
        ++ready;
        while (!go.load()) std::this_thread::yield();
        for (const auto& event : events) {
          const auto start = Clock::now();
          must(ledger->append(event));
          latencies[t].push_back(
              static_cast<float>(std::chrono::duration<double, std::milli>(Clock::now() - start).count()));
        }
      });
    while (ready.load() < options.appenders) std::this_thread::yield();
    const auto start = Clock::now();
    go = true;
    for (auto& thread : threads) thread.join();
    append_seconds = seconds_since(start);
    stats = ledger->stats();

    // Inclusion proof generation at the final size, random indices.
    const auto size = ledger->size();
    std::mt19937_64 random(42);
    constexpr int kProofs = 20000;
    std::vector<std::uint64_t> indices(kProofs);
    for (auto& index : indices) index = random() % size;
    std::size_t hashes = 0;
    const auto proof_start = Clock::now();
    for (auto index : indices) hashes += must(ledger->inclusion_proof(index, size)).size();
    proof_us = seconds_since(proof_start) * 1e6 / kProofs;
    if (hashes == 0) return 1;
  }

  std::vector<float> all;
  all.reserve(total);
  for (const auto& list : latencies) all.insert(all.end(), list.begin(), list.end());
  std::sort(all.begin(), all.end());
  const auto percentile = [&](double p) {
    return all.empty() ? 0.0 : all[static_cast<std::size_t>(p * (all.size() - 1))];
  };

  const auto verify_start = Clock::now();
  auto report = must(ledger::verify_database(*database, signer.verifier().to_string(), {}));
  const double verify_rate = report.entries / seconds_since(verify_start);

  const double ceiling = raw_ceiling(*database, std::min(total, 200000), row_bytes);
  const double durable = total / append_seconds;

  nlohmann::json out = {
      {"benchmark", "ledger"},
      {"backend", options.backend},
      {"appenders", options.appenders},
      {"entries", total},
      {"entry_bytes", row_bytes - 40},
      {"durable_appends_per_s", static_cast<std::int64_t>(durable)},
      {"raw_ceiling_per_s", static_cast<std::int64_t>(ceiling)},
      {"ratio_to_ceiling", std::round(durable / ceiling * 1000) / 1000},
      {"p50_append_ms", std::round(percentile(0.50) * 1000) / 1000},
      {"p99_append_ms", std::round(percentile(0.99) * 1000) / 1000},
      {"mean_batch_entries", stats.batches ? static_cast<std::int64_t>(stats.entries / stats.batches) : 0},
      {"checkpoints_signed", stats.checkpoints},
      {"verify_entries_per_s", static_cast<std::int64_t>(verify_rate)},
      {"sha256_per_s", static_cast<std::int64_t>(sha256_rate(row_bytes - 40))},
      {"inclusion_proof_us", std::round(proof_us * 1000) / 1000},
      {"tree_size", report.entries},
      {"data_dir", keep ? dir.string() : ""},
  };
  std::cout << out.dump() << std::endl;
  database.reset();
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"itaku-bench — performance figures, one JSON object per run"};
  app.require_subcommand(1);
  LedgerBenchOptions ledger_options;
  auto* ledger_cmd = app.add_subcommand("ledger", "durable appends with group commit, verification, proofs");
  ledger_cmd->add_option("--backend", ledger_options.backend, "sqlite or postgres")
      ->check(CLI::IsMember({"sqlite", "postgres"}));
  ledger_cmd->add_option("--database", ledger_options.database, "PostgreSQL URL for --backend postgres");
  ledger_cmd->add_option("--appenders", ledger_options.appenders, "concurrent appending threads")
      ->check(CLI::Range(1, 4096));
  ledger_cmd->add_option("--entries", ledger_options.entries, "entries to append in all")
      ->check(CLI::Range(1, 100'000'000));
  ledger_cmd->add_option("--data-dir", ledger_options.data_dir,
                         "keep the instance here (itaku ledger verify --data-dir DIR accepts it)");
  itaku::bench::HttpBenchOptions http_options;
  auto* http_cmd = app.add_subcommand("http", "itaku's HTTP server next to a tuned cpp-httplib, driven by wrk");
  http_cmd->add_option("--duration", http_options.duration_s, "seconds per wrk run (three runs)")
      ->check(CLI::Range(1, 600));
  http_cmd->add_option("--connections", http_options.connections, "wrk connections")->check(CLI::Range(1, 10000));
  http_cmd->add_option("--threads", http_options.threads, "wrk threads")->check(CLI::Range(1, 256));
  http_cmd->add_option("--io-threads", http_options.io_threads, "itaku server I/O threads")->check(CLI::Range(1, 64));
  http_cmd->add_option("--handler-threads", http_options.handler_threads, "itaku server handler pool")
      ->check(CLI::Range(1, 1024));
  itaku::bench::DecideBenchOptions decide_options;
  auto* decide_cmd = app.add_subcommand(
      "decide", "access decisions in process (next to casbin and Cedar) and over HTTP (next to Cerbos)");
  decide_cmd->add_option("--seconds", decide_options.seconds, "in-process timing per workload size")
      ->check(CLI::Range(0.1, 600.0));
  decide_cmd->add_option("--duration", decide_options.duration_s, "seconds per wrk run (itaku, then Cerbos)")
      ->check(CLI::Range(1, 600));
  decide_cmd->add_option("--connections", decide_options.connections, "wrk connections")->check(CLI::Range(1, 10000));
  decide_cmd->add_option("--threads", decide_options.threads, "wrk threads")->check(CLI::Range(1, 256));
  decide_cmd->add_option("--io-threads", decide_options.io_threads, "itaku serve --io-threads")
      ->check(CLI::Range(1, 64));
  decide_cmd->add_option("--peers", decide_options.peers_dir, "bench/peers, after `npm ci` there");
  decide_cmd->add_option("--itaku", decide_options.itaku, "the itaku binary (default: next to itaku-bench)");
  decide_cmd->add_flag("--skip-http", decide_options.skip_http, "only the in-process figures");
  decide_cmd->add_flag("--skip-peers", decide_options.skip_peers, "neither casbin and Cedar nor Cerbos");
  decide_cmd->add_option("--backend", decide_options.backend, "the server's database: sqlite, postgres, or both")
      ->check(CLI::IsMember({"sqlite", "postgres", "both"}));
  decide_cmd->add_option("--database", decide_options.database,
                         "a PostgreSQL server's URL, for a scratch database (or ITAKU_BENCH_POSTGRES_URL)");
  decide_cmd
      ->add_option("--instances", decide_options.instances,
                   "2: also two `itaku serve` sharing the database, against one")
      ->check(CLI::Range(1, 2));
  decide_cmd->add_option("--rounds", decide_options.rounds, "each HTTP configuration this many times, in turns")
      ->check(CLI::Range(1, 100));
  itaku::bench::MonitoringBenchOptions monitoring_options;
  auto* monitoring_cmd = app.add_subcommand(
      "monitoring", "monitoring, the decision log and the access log of a contract with a million decisions");
  monitoring_cmd->add_option("--decisions", monitoring_options.decisions, "decisions to record first")
      ->check(CLI::Range(1000, 100'000'000));
  monitoring_cmd->add_option("--accesses", monitoring_options.accesses, "observed accesses to record first")
      ->check(CLI::Range(0, 10'000'000));
  monitoring_cmd->add_option("--repeats", monitoring_options.repeats, "timed reads of each kind")
      ->check(CLI::Range(1, 10000));
  monitoring_cmd->add_option("--data-dir", monitoring_options.data_dir, "keep the instance here");
  itaku::bench::ComplianceBenchOptions compliance_options;
  auto* compliance_cmd = app.add_subcommand(
      "compliance", "per-clause compliance of a contract with 10,000 workers, 100,000 assets and a million decisions");
  compliance_cmd->add_option("--workers", compliance_options.workers, "workers on the rosters of 乙 and its 丙")
      ->check(CLI::Range(10, 1'000'000));
  compliance_cmd->add_option("--assets", compliance_options.assets, "registered assets per contract")
      ->check(CLI::Range(100, 10'000'000));
  compliance_cmd->add_option("--decisions", compliance_options.decisions, "decisions per contract")
      ->check(CLI::Range(0, 100'000'000));
  compliance_cmd->add_option("--accesses", compliance_options.accesses, "observed accesses per contract")
      ->check(CLI::Range(0, 10'000'000));
  compliance_cmd->add_option("--subcontractors", compliance_options.subcontractors, "丙 under 乙")
      ->check(CLI::Range(0, 20));
  compliance_cmd->add_option("--repeats", compliance_options.repeats, "timed runs of each kind")
      ->check(CLI::Range(1, 100'000));
  compliance_cmd->add_flag("--skip-page", compliance_options.skip_page,
                           "only the in-process figures (no ledger, no service for the large contracts)");
  compliance_cmd->add_option("--data-dir", compliance_options.data_dir, "keep the page's instance here");
  compliance_cmd->add_option("--reports", compliance_options.reports_dir,
                             "write each large contract's report here, as the API gives it (CONTRACT.json)");
  CLI11_PARSE(app, argc, argv);
  if (ledger_cmd->parsed()) return run_ledger(ledger_options);
  if (http_cmd->parsed()) return itaku::bench::run_http(http_options);
  if (decide_cmd->parsed()) return itaku::bench::run_decide(decide_options);
  if (monitoring_cmd->parsed()) return itaku::bench::run_monitoring(monitoring_options);
  if (compliance_cmd->parsed()) return itaku::bench::run_compliance(compliance_options);
  return 2;
}
