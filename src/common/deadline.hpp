// A deadline as the number a wait takes (poll, WSAPoll, WaitForSingleObject):
// the rounding and clamping every wait needs, written once.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>

namespace dgram {

// The longest single wait: fits poll's int and stays below Windows'
// INFINITE; a caller whose deadline is further simply waits again.
inline constexpr std::chrono::milliseconds longest_wait{1 << 30};

// What is left until `deadline` in whole milliseconds, rounded up so that a
// wait of that long never ends before it; 0 once it has passed; at most
// longest_wait.
inline std::chrono::milliseconds milliseconds_left(
    std::chrono::steady_clock::time_point deadline,
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) {
  if (deadline <= now) return std::chrono::milliseconds(0);
  if (deadline - now >= longest_wait) return longest_wait;
  return std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
}

// The same for a wait that may have no deadline: -1 (wait for ever, as poll
// and WSAPoll read it) when there is none.
inline int wait_milliseconds(std::optional<std::chrono::steady_clock::time_point> deadline) {
  if (!deadline) return -1;
  return static_cast<int>(milliseconds_left(*deadline).count());
}

}  // namespace dgram
