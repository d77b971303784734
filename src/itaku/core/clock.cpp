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

namespace {
Error bad_time(std::string_view text) {
  return make_error(ErrorKind::Invalid, "time.malformed", "日時の形式が正しくありません（例: 2026-11-22T05:31:12Z）",
                    "malformed time (expected e.g. 2026-11-22T05:31:12Z)")
      .with("value", std::string(text));
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

Result<std::chrono::year_month_day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2)))
    return make_error(ErrorKind::Invalid, "date.malformed", "日付は YYYY-MM-DD の形式で指定してください",
                      "dates must be written YYYY-MM-DD")
        .with("value", std::string(text));
  const std::chrono::year_month_day date{std::chrono::year(to_int(text.substr(0, 4))),
                                         std::chrono::month(static_cast<unsigned>(to_int(text.substr(5, 2)))),
                                         std::chrono::day(static_cast<unsigned>(to_int(text.substr(8, 2))))};
  if (!date.ok())
    return make_error(ErrorKind::Invalid, "date.nonexistent", "存在しない日付です", "no such date")
        .with("value", std::string(text));
  return date;
}

std::string format_date(std::chrono::year_month_day date) {
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::string format_wareki(std::chrono::year_month_day date) {
  struct Era {
    const char* name;
    std::chrono::year_month_day start;
  };
  using namespace std::chrono;
  static const Era kEras[] = {{"令和", 2019y / May / 1d},
                              {"平成", 1989y / January / 8d},
                              {"昭和", 1926y / December / 25d},
                              {"大正", 1912y / July / 30d},
                              {"明治", 1868y / October / 23d}};
  for (const auto& era : kEras) {
    if (sys_days(date) < sys_days(era.start)) continue;
    const int year = static_cast<int>(date.year()) - static_cast<int>(era.start.year()) + 1;
    const std::string year_text = year == 1 ? "元" : std::to_string(year);
    return fmt::format("{}{}年{}月{}日", era.name, year_text, static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
  }
  return fmt::format("{}年{}月{}日", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::chrono::year_month_day jst_date(Timestamp t) {
  return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t + std::chrono::hours(9)));
}

int jst_day(Timestamp t) {
  return static_cast<int>(std::chrono::floor<std::chrono::days>(t + std::chrono::hours(9)).time_since_epoch().count());
}

std::string jst_day_text(int day) {
  return format_date(std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(day))));
}

Result<Timestamp> parse_utc(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.ffffff]Z
  if (text.size() < 20 || text[10] != 'T' || text.back() != 'Z' || text[13] != ':' || text[16] != ':')
    return bad_time(text);
  auto date = parse_date(text.substr(0, 10));
  if (!date) return bad_time(text);
  const auto hh = text.substr(11, 2), mm = text.substr(14, 2), ss = text.substr(17, 2);
  if (!all_digits(hh) || !all_digits(mm) || !all_digits(ss) || to_int(hh) > 23 || to_int(mm) > 59 || to_int(ss) > 60)
    return bad_time(text);
  std::int64_t micros = 0;
  auto rest = text.substr(19, text.size() - 20);
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() < 2 || rest.size() > 7 || !all_digits(rest.substr(1))) return bad_time(text);
    micros = to_int(rest.substr(1));
    for (std::size_t i = rest.size() - 1; i < 6; ++i) micros *= 10;
  }
  const auto day = std::chrono::sys_days(*date);
  return Timestamp(std::chrono::duration_cast<std::chrono::microseconds>(day.time_since_epoch()) +
                   std::chrono::hours(to_int(hh)) + std::chrono::minutes(to_int(mm)) +
                   std::chrono::seconds(to_int(ss)) + std::chrono::microseconds(micros));
}

}  // namespace itaku
