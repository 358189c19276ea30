// Spacing datagrams for `send --interval` and `--rate`.
#pragma once

#include <algorithm>
#include <chrono>

namespace dgram {

class Pacer {
 public:
  using Clock = std::chrono::steady_clock;

  // A zero period sends as fast as possible.
  explicit Pacer(std::chrono::nanoseconds period) : period_(period) {}

  // When the next datagram is due, given that it is `now`: the first at once,
  // each next one a period after the previous one was due. Due times do not
  // drift with a late wake-up, so the average rate holds where sleeps are
  // coarse (Windows' timer tick) and a small lag is made up. After a stall
  // (input that paused, a suspended machine) pacing starts afresh instead of
  // sending the missed datagrams in a burst.
  Clock::time_point next_due(Clock::time_point now);

  // Whether datagrams are spaced at all (else each is due at once, and the
  // clock need not be read).
  bool paced() const { return period_.count() != 0; }

 private:
  std::chrono::nanoseconds period_;
  Clock::time_point due_{};
  bool started_ = false;
};

inline Pacer::Clock::time_point Pacer::next_due(Clock::time_point now) {
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
