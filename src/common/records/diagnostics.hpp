// Lines for the user on stderr: the start line, warnings, errors, summaries.
#pragma once

#include <cstdio>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "common/system.hpp"

namespace dgram {

// Formats and writes one diagnostic. Never throws: a closed or full stderr
// (`2>&-`, `2>/dev/full`) must not turn an outcome into a crash, and there is
// nowhere left to report it.
template <class... Args>
void print_diagnostic(std::FILE* to, fmt::format_string<Args...> format, Args&&... args) noexcept {
  try {
    sys::write_diagnostic(to, fmt::format(format, std::forward<Args>(args)...));
  } catch (...) {
  }
}

}  // namespace dgram
