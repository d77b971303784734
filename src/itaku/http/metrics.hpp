#pragma once
// Counters and latency histograms per route, plus gauges read when scraped, rendered in the
// Prometheus text exposition format for /metrics. Thread-safe.

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace itaku::http {

class Metrics {
 public:
  void observe(const std::string& route, int status, std::chrono::nanoseconds latency);
  // A value computed at scrape time: ledger size, outbox backlog, …
  void gauge(std::string name, std::string help, std::function<double()> read);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string help;
    std::function<double()> read;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, Gauge> gauges_;
};

}  // namespace itaku::http
