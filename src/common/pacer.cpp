#include "common/pacer.hpp"

#include <algorithm>

namespace dgram {

Pacer::Clock::time_point Pacer::next_due(Clock::time_point now) {
  if (period_.count() == 0) return now;
  if (!started_) {
    started_ = true;
    due_ = now;
    return due_;
  }
  due_ += period_;
  // Lag up to a period, or 50 ms at high rates, is coarse sleeping, made up
  // by sending at once; more is a stall.
  const auto max_lag = std::max<std::chrono::nanoseconds>(period_, std::chrono::milliseconds(50));
  if (now - due_ > max_lag) due_ = now;
  return due_;
}

}  // namespace dgram
