#pragma once
// itaku-bench monitoring: a contract with a million recorded decisions (and accesses), then the
// reads the city makes of them — monitoring, the decision log, the access log — timed in
// process and over HTTP, with /healthz timed while monitoring requests run. One JSON object.

#include <string>

namespace itaku::bench {

struct MonitoringBenchOptions {
  int decisions = 1'000'000;
  int accesses = 20'000;
  int repeats = 20;      // timed reads of each kind, after the first
  std::string data_dir;  // keep the instance here; default: a temporary directory, removed
};

int run_monitoring(const MonitoringBenchOptions& options);

}  // namespace itaku::bench
