// Lines for the user on stderr: the start line, warnings, errors, summaries.
#pragma once

#include <cstdio>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "common/records/status_line.hpp"
#include "common/system.hpp"

namespace dgram {

// Formats and writes one diagnostic. Never throws: a closed or full stderr
// (`2>&-`, `2>/dev/full`) must not turn an outcome into a crash, and there is
// nowhere left to report it. A live status line is taken off the screen
// first, and comes back with its next update.
template <class... Args>
void print_diagnostic(std::FILE* to, fmt::format_string<Args...> format, Args&&... args) noexcept {
  try {
    const std::string text = fmt::format(format, std::forward<Args>(args)...);
    erase_status_line();
    sys::write_diagnostic(to, text);
  } catch (...) {
  }
}

}  // namespace dgram
