// The live status line: one line on stderr, rewritten a few times a second
// while a long `listen` or `send` runs, taken off the screen before anything
// else is written to that terminal, and at exit before the summary.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace dgram {

// --progress, --no-progress, or neither: shown when stderr is a terminal.
enum class ProgressMode { automatic, on, off };

class StatusLine {
 public:
  using Clock = std::chrono::steady_clock;
  // A few updates a second on a terminal; a line a second to a file or pipe
  // (--progress only), which keeps every line.
  static constexpr Clock::duration terminal_period = std::chrono::milliseconds(250);
  static constexpr Clock::duration plain_period = std::chrono::seconds(1);

  // `worth_it`: whether the work deserves a status line when nobody forced
  // it (ProgressMode::automatic), which also needs `to` to be a terminal.
  // The first update is due one period from `now`, so short work never
  // shows one.
  StatusLine(std::FILE* to, ProgressMode mode, bool worth_it, Clock::time_point now = Clock::now());
  ~StatusLine() { finish(); }
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;

  bool active() const { return style_ != Style::off; }
  // When the next update is due; Clock::time_point::max() when inactive.
  Clock::time_point next_update() const { return next_; }
  bool due(Clock::time_point now) const { return now >= next_; }

  // Shows `text` (ASCII, one line; cut to the terminal's width) and
  // schedules the next update.
  void show(std::string_view text, Clock::time_point now);
  // Takes the line off the screen; the next show() draws it again.
  void erase() noexcept;
  // Off the screen for good, the console as it was (at exit).
  void finish() noexcept;

 private:
  enum class Style {
    off,
    rewrite_erase,  // \r text ESC[K
    rewrite_pad,    // \r text and spaces over the rest of the old line
    plain_lines,    // a line each time: not a terminal, --progress
  };

  std::FILE* to_;
  Style style_ = Style::off;
  Clock::duration period_ = terminal_period;
  Clock::time_point next_ = Clock::time_point::max();
  std::size_t shown_ = 0;  // characters on the screen now
};

// Takes the live status line, if one is on the screen, off it: called before
// a diagnostic goes to stderr and before records go to a terminal, so that
// no record or message is ever mixed into it. The next update redraws it.
void erase_status_line() noexcept;

// The rate of a growing count over the last second or so (the last four
// updates of a terminal's status line).
class RecentRate {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RecentRate(Clock::time_point start) { samples_[0] = {0, start}; }

  // Per second, from the oldest sample kept to this one.
  double update(std::uint64_t count, Clock::time_point now);

 private:
  struct Sample {
    std::uint64_t count = 0;
    Clock::time_point time{};
  };
  std::array<Sample, 5> samples_{};
  std::size_t oldest_ = 0;
  std::size_t size_ = 1;
};

}  // namespace dgram
