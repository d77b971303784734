#pragma once
// Time is injected: production code asks a Clock, tests drive a SimulatedClock.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "itaku/core/result.hpp"

namespace itaku {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

// A clock that moves only when told to; safe to read from several threads.
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(Timestamp start);
  Timestamp now() const override;
  void advance(std::chrono::microseconds by);
  void set(Timestamp to);

 private:
  std::atomic<std::int64_t> micros_;
};

// Microseconds since the Unix epoch, the form timestamps take in ledger entries.
std::int64_t to_unix_micros(Timestamp t);
Timestamp from_unix_micros(std::int64_t micros);
// RFC 3339 in UTC with microseconds: 2026-11-22T05:31:12.000000Z
std::string format_utc(Timestamp t);
// Reads what format_utc writes; the fraction is optional ("2026-11-22T05:31:12Z").
Result<Timestamp> parse_utc(std::string_view text);

// A calendar date "YYYY-MM-DD" (contract periods, assignment periods), checked to exist.
Result<std::chrono::year_month_day> parse_date(std::string_view text);
std::string format_date(std::chrono::year_month_day date);
// 和暦 (Japanese era) form of a date: 令和8年11月22日. Dates before 明治 are written in 西暦.
std::string format_wareki(std::chrono::year_month_day date);
// The date in Japan (JST, UTC+9, no daylight saving) at an instant.
std::chrono::year_month_day jst_date(Timestamp t);
// The same as a day number (days since 1970-01-01), for what is counted per day in Japan, and
// that number written back as "YYYY-MM-DD".
int jst_day(Timestamp t);
std::string jst_day_text(int day);

}  // namespace itaku
