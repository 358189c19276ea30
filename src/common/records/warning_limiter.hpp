// Warnings that a remote sender can set off (an oversize datagram, a refused
// echo): the first few are printed, then one line per interval says how many
// more there were, so a hostile sender cannot flood stderr or a log. The
// summary has the totals.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace dgram {

class WarningLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // `what` names the warnings in the "N more" line: "oversize datagrams".
  WarningLimiter(std::FILE* log, std::string what, unsigned burst = 5,
                 Clock::duration interval = std::chrono::seconds(1))
      : log_(log), what_(std::move(what)), burst_(burst), interval_(interval) {}

  // Whether to print this warning now; when not, it is counted, and a line
  // about the held-back ones is printed once `interval` has passed.
  bool allow(Clock::time_point now = Clock::now());

  // Reports what is still held back (at exit, before the summary).
  void finish();

 private:
  void report_held_back(Clock::time_point now);

  std::FILE* log_;
  std::string what_;
  unsigned burst_;
  Clock::duration interval_;
  std::uint64_t printed_ = 0;
  std::uint64_t held_back_ = 0;
  Clock::time_point last_report_{};
};

}  // namespace dgram
