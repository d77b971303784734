#pragma once
// Assertions are for bugs only, never for anything user input can reach.
// ITAKU_CHECK is always on; ITAKU_ASSERT only in debug builds.

namespace itaku::detail {
[[noreturn]] void assertion_failed(const char* expr, const char* file, int line);
}

#define ITAKU_CHECK(expr) ((expr) ? static_cast<void>(0) : ::itaku::detail::assertion_failed(#expr, __FILE__, __LINE__))

#ifdef NDEBUG
#define ITAKU_ASSERT(expr) static_cast<void>(0)
#else
#define ITAKU_ASSERT(expr) ITAKU_CHECK(expr)
#endif
