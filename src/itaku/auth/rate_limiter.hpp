#pragma once
// Rate limits per API token and per signed-in user (docs/CONFIG.md): a token bucket per caller,
// so that one client cannot starve the server or fill the disk with decisions. A refused
// request is answered 429 with `Retry-After` (rate.limited) and records nothing.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "itaku/auth/principal.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/core/config.hpp"
#include "itaku/core/result.hpp"

namespace itaku::auth {

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, const RateLimits& limits);

  // Takes `cost` units from the principal's bucket (its token's, else its user's). A request
  // that costs more than the bucket holds passes when the bucket is full and leaves it in debt,
  // so a batch larger than the burst is slowed, never refused for ever. When the units are not
  // there, nothing is taken and the error (Throttled, rate.limited) says in `retry_after_s`
  // when to try again.
  Result<void> take(const Principal& principal, std::uint64_t cost);

  // Replaces the limits (for tests and a reload); not while requests are being admitted.
  void set_limits(const RateLimits& limits) { limits_ = limits; }
  const RateLimits& limits() const { return limits_; }

 private:
  // A bucket is its "theoretical arrival time" (GCRA, the token bucket written as one number):
  // the instant, in microseconds, at which it would be full again. One atomic word per caller,
  // changed by compare-and-swap, so callers never wait for each other on the decision path.
  using Bucket = std::atomic<std::int64_t>;
  Bucket& bucket(const std::string& key);

  const Clock& clock_;
  RateLimits limits_;
  // Callers are authenticated principals, so the map holds at most one bucket per token and
  // user that exists. Sharded so that finding a bucket takes a shared lock on one shard.
  static constexpr std::size_t kShards = 16;
  struct Shard {
    std::shared_mutex mutex;
    std::unordered_map<std::string, std::unique_ptr<Bucket>> buckets;
  };
  std::array<Shard, kShards> shards_;
};

}  // namespace itaku::auth
