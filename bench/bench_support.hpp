#pragma once
// What every itaku-bench mode does with an error it cannot go on after: say it and exit 1.

#include <cstdlib>
#include <iostream>

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

}  // namespace itaku::bench
