// Spacing datagrams for `send --interval` and `--rate`.
#pragma once

#include <chrono>

namespace dgram {

class Pacer {
 public:
  // A zero period sends as fast as possible.
  explicit Pacer(std::chrono::nanoseconds period) : period_(period) {}

  // Returns when the next datagram is due: the first at once, each next one a
  // period after the previous one was due. Due times do not drift with a
  // late wake-up, so the average rate holds even where sleeps are coarse
  // (Windows' timer tick): datagrams that fell behind go out at once.
  void wait_turn();

 private:
  using Clock = std::chrono::steady_clock;
  std::chrono::nanoseconds period_;
  Clock::time_point due_{};
  bool started_ = false;
};

}  // namespace dgram
