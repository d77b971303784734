#include "itaku/http/metrics.hpp"

#include <fmt/format.h>

namespace itaku::http {

void Metrics::observe(const std::string& route, int status, std::chrono::nanoseconds latency) {
  const double seconds = std::chrono::duration<double>(latency).count();
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_[std::move(name)] = Gauge{std::move(help), std::move(read)};
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP itaku_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE itaku_http_requests_total counter\n";
  for (const auto& [key, count] : requests_)
    out += fmt::format("itaku_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first, key.second, count);
  out += "# HELP itaku_http_request_duration_seconds HTTP request latency by route.\n";
  out += "# TYPE itaku_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out += fmt::format("itaku_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                         kBuckets[i], h.buckets[i]);
    out += fmt::format("itaku_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route, h.count);
    out += fmt::format("itaku_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route, h.sum);
    out += fmt::format("itaku_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, h.count);
  }
  for (const auto& [name, g] : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, g.help, name, name, g.read());
  }
  return out;
}

}  // namespace itaku::http
