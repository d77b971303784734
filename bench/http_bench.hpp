#pragma once
// itaku-bench http: itaku's HTTP server and a tuned cpp-httplib server side by side in one
// process, each driven by wrk; one JSON object on stdout.

namespace itaku::bench {

struct HttpBenchOptions {
  int duration_s = 10;   // per wrk run; three runs in all
  int connections = 64;  // wrk -c, and the size of cpp-httplib's thread pool
  int threads = 2;       // wrk -t
  int io_threads = 1;    // itaku's ServerOptions::io_threads
  int handler_threads = 32;
};

// Returns the process exit code: 0, 1 on a failed run, 2 when wrk is missing.
int run_http(const HttpBenchOptions& options);

}  // namespace itaku::bench
