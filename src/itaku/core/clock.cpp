#include "itaku/core/clock.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace itaku {

Timestamp SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

SimulatedClock::SimulatedClock(Timestamp start) : micros_(to_unix_micros(start)) {}
Timestamp SimulatedClock::now() const { return from_unix_micros(micros_.load()); }
void SimulatedClock::advance(std::chrono::microseconds by) { micros_.fetch_add(by.count()); }
void SimulatedClock::set(Timestamp to) { micros_.store(to_unix_micros(to)); }

std::int64_t to_unix_micros(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp from_unix_micros(std::int64_t micros) { return Timestamp(std::chrono::microseconds(micros)); }

std::string format_utc(Timestamp t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto micros = (t - seconds).count();
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:06d}Z", seconds, micros);
}

}  // namespace itaku
