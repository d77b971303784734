#include "itaku/core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace itaku::detail {
void assertion_failed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "itaku: assertion failed: %s at %s:%d\n", expr, file, line);
  std::abort();
}
}  // namespace itaku::detail
