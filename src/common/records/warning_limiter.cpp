#include "common/records/warning_limiter.hpp"

#include "common/records/diagnostics.hpp"

namespace dgram {

bool WarningLimiter::allow(Clock::time_point now) {
  if (printed_ < burst_) {
    if (++printed_ == burst_) last_report_ = now;
    return true;
  }
  ++held_back_;
  if (now - last_report_ >= interval_) report_held_back(now);
  return false;
}

void WarningLimiter::finish() {
  if (held_back_ > 0) report_held_back(Clock::now());
}

void WarningLimiter::report_held_back(Clock::time_point now) {
  print_diagnostic(log_, "dgram: warning: {} more {} (not shown one by one; see the summary)\n",
                   held_back_, what_);
  held_back_ = 0;
  last_report_ = now;
}

}  // namespace dgram
