#include "itaku/auth/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>

namespace itaku::auth {

RateLimiter::RateLimiter(const Clock& clock, const RateLimits& limits) : clock_(clock), limits_(limits) {}

RateLimiter::Bucket& RateLimiter::bucket(const std::string& key) {
  auto& shard = shards_[std::hash<std::string>{}(key) % kShards];
  {
    std::shared_lock lock(shard.mutex);
    if (const auto it = shard.buckets.find(key); it != shard.buckets.end()) return *it->second;
  }
  std::unique_lock lock(shard.mutex);
  auto& slot = shard.buckets[key];
  if (!slot) slot = std::make_unique<Bucket>(0);
  return *slot;
}

Result<void> RateLimiter::take(const Principal& principal, std::uint64_t cost) {
  const bool token = principal.kind == PrincipalKind::Token;
  const auto& limit = token ? limits_.token : limits_.user;
  if (limit.per_second <= 0 || cost == 0) return ok();
  const double interval = 1e6 / limit.per_second;  // microseconds for one unit to flow in
  const double burst = std::max(1.0, limit.burst);
  // The bucket must hold this much for the request to pass: all of its cost, or a full bucket.
  const auto needed = static_cast<std::int64_t>(std::llround(std::min(static_cast<double>(cost), burst) * interval));
  const auto capacity = static_cast<std::int64_t>(std::llround(burst * interval));
  const auto charged = static_cast<std::int64_t>(std::llround(static_cast<double>(cost) * interval));
  auto& b = bucket(token ? "token:" + principal.token_id : "user:" + principal.login);
  const auto now = to_unix_micros(clock_.now());
  auto full_at = b.load(std::memory_order_relaxed);
  for (;;) {
    const auto from = std::max(full_at, now);
    // The bucket holds capacity - (from - now); it must hold `needed`.
    const auto short_by = (from - now) - (capacity - needed);
    if (short_by > 0) {
      const auto seconds = std::max<std::int64_t>(1, (short_by + 999'999) / 1'000'000);
      return make_error(ErrorKind::Throttled, "rate.limited",
                        "要求が多すぎます。しばらく待ってからもう一度送ってください",
                        "too many requests; wait a moment and send again")
          .with("retry_after_s", std::to_string(seconds));
    }
    if (b.compare_exchange_weak(full_at, from + charged, std::memory_order_relaxed)) return ok();
  }
}

}  // namespace itaku::auth
