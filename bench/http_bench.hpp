#pragma once
// itaku-bench http: itaku's HTTP server and a tuned cpp-httplib server side by side in one
// process, each driven by wrk; one JSON object on stdout. Also the wrk driver itaku-bench
// decide uses.

#include <cstdint>
#include <optional>
#include <string>

#include "itaku/http/server.hpp"

namespace itaku::bench {

struct HttpBenchOptions {
  int duration_s = 10;                          // per wrk run; three runs in all
  int connections = 64;                         // wrk -c, and the size of cpp-httplib's thread pool
  int threads = 2;                              // wrk -t
  int io_threads = http::default_io_threads();  // as `itaku serve`
  int handler_threads = 32;
};

// Returns the process exit code: 0, 1 on a failed run, 2 when wrk is missing.
int run_http(const HttpBenchOptions& options);

// The first executable `name` on PATH.
std::optional<std::string> find_executable(const std::string& name);

// How wrk loads a server.
struct WrkLoad {
  int threads = 2;
  int connections = 64;
  int duration_s = 10;
  std::string script;  // a Lua script (wrk -s), or empty for plain GETs of the URL
};

// What wrk reported, and the CPU time each side used while it ran.
struct WrkResult {
  double requests_per_s = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  std::int64_t requests = 0;
  std::int64_t non_2xx = 0;
  // CPU time this process spent per request while wrk ran (for servers in this process).
  double server_cpu_us_per_request = 0;
  double server_cores = 0;    // CPU seconds of this process per second of the run
  double wrk_cores = 0;       // the same for wrk: the two share the machine's cores
  std::string socket_errors;  // wrk's "Socket errors:" line, empty when there were none
};

// Runs wrk --latency against `url` as a child process. On failure (wrk fails, or its output
// cannot be read) says why on stderr and returns nothing.
std::optional<WrkResult> run_wrk(const std::string& wrk, const WrkLoad& load, const std::string& url);

}  // namespace itaku::bench
