#pragma once
// What every itaku-bench mode shares: what it does with an error it cannot go on after (say it
// and exit 1), and how it times something done again and again.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku::bench {

[[noreturn]] inline void fail(const Error& error) {
  std::cerr << "itaku-bench: " << error.describe() << " [" << error.code << "]\n";
  std::exit(1);
}

template <typename T>
T must(Result<T> result) {
  if (!result) fail(result.error());
  return result.release_value();
}
inline void must(Result<void> result) {
  if (!result) fail(result.error());
}

// An id made of a prefix and a number of five digits or more ("w-00042"), as the workloads name
// their people and assets.
inline std::string numbered(const char* prefix, int i) {
  char text[40];
  std::snprintf(text, sizeof(text), "%s%05d", prefix, i);
  return text;
}

// The percentiles of a list of timings (in its unit), each the value at that rank of the sorted list.
struct Percentiles {
  double p50 = 0, p95 = 0, p99 = 0, max = 0;
};
inline Percentiles percentiles(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  const auto at = [&](double p) {
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
  };
  return {at(0.50), at(0.95), at(0.99), values.back()};
}

// Runs `work` `repeats` times, timing each run with the steady clock, in milliseconds.
template <typename F>
Percentiles time_repeated_ms(int repeats, F&& work) {
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(std::max(0, repeats)));
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  return percentiles(std::move(ms));
}

}  // namespace itaku::bench
