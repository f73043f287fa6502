#pragma once

#include <cstdio>
#include <cstdlib>

/// Checks a programmer invariant. User input must never trigger it (DuckDB's D_ASSERT);
/// it stays on in release builds because a wrong number is worse than a crash.
#define PAYBACK_ASSERT(cond)                                                                    \
  do {                                                                                          \
    if (!(cond)) {                                                                              \
      std::fprintf(stderr, "payback: internal error: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                             \
    }                                                                                           \
  } while (false)
