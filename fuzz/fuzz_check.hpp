// FUZZ_CHECK states a property of the code under test. When one fails it names
// the property and aborts: libFuzzer then reports a crash and saves the input.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace dgram_fuzz {

[[noreturn]] inline void property_failed(const char* property, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: property failed: %s\n", file, line, property);
  std::abort();
}

}  // namespace dgram_fuzz

#define FUZZ_CHECK(property)                                        \
  do {                                                              \
    if (!(property)) {                                              \
      ::dgram_fuzz::property_failed(#property, __FILE__, __LINE__); \
    }                                                               \
  } while (false)
