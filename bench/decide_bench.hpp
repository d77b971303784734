#pragma once
// itaku-bench decide: access decisions in process (itaku's contract snapshot next to casbin
// and Cedar in node) and over HTTP on loopback (itaku's POST /api/v1/decide, each decision
// recorded in the ledger, next to Cerbos's check API), all in one run; one JSON object. Over
// HTTP it also compares databases (SQLite, PostgreSQL) and one `itaku serve` with two sharing
// one database, each measured in the same run.

#include <string>

#include "itaku/http/server.hpp"

namespace itaku::bench {

struct DecideBenchOptions {
  double seconds = 2;                           // in-process timing per workload size, after a warm-up
  int duration_s = 10;                          // per wrk run (itaku, then Cerbos)
  int connections = 64;                         // wrk -c
  int threads = 2;                              // wrk -t
  int io_threads = http::default_io_threads();  // as `itaku serve`
  std::string peers_dir;                        // bench/peers with node_modules (npm ci); default: the source tree's
  std::string itaku;                            // the itaku binary; default: next to itaku-bench
  std::string backend = "sqlite";               // the HTTP part's database: sqlite, postgres, or both
  std::string database;                         // a PostgreSQL server's URL (or ITAKU_BENCH_POSTGRES_URL);
                                                // each run makes a scratch database there and drops it
  int instances = 1;                            // 2: one `itaku serve`, then two sharing its database
  int rounds = 1;                               // each HTTP configuration this many times, in turns
  bool skip_peers = false;                      // neither casbin and Cedar nor Cerbos
  bool skip_http = false;
};

// Returns the process exit code: 0, or 1 when itaku's own part fails. A peer that cannot run
// leaves its figures null and says why in "notes".
int run_decide(const DecideBenchOptions& options);

}  // namespace itaku::bench
