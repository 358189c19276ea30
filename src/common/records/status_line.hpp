// The live status line: one line on stderr, rewritten a few times a second
// while a long `listen` or `send` runs, taken off the screen before anything
// else is written to that terminal, and at exit before the summary.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace dgram {

// --progress, --no-progress, or neither: shown when stderr is a terminal.
enum class ProgressMode { automatic, on, off };

// What the status line says: "HEAD: FIELD, FIELD, ..." (ASCII). Too wide
// for the terminal, it loses whole fields, the least important first (or
// first says one in fewer words), so a number is never cut and whatever
// shows is true.
struct StatusText {
  // "4,817 datagrams": shown whole or not at all.
  struct Field {
    std::string text;
    int importance = 0;  // the lowest goes first; of equal ones, the later
    std::string brief;   // the same in fewer words ("5 of 9" for "5 of 9 datagrams"), or ""
  };

  std::string head;           // "dgram: listening 5s": always kept
  std::vector<Field> fields;  // in the order shown

  StatusText& add(std::string text, int importance, std::string brief = {}) {
    fields.push_back({std::move(text), importance, std::move(brief)});
    return *this;
  }
  // Every field, however wide (a line in a file or pipe).
  std::string whole() const;
};

// `text` in at most `width` characters: the head and as many whole fields as
// fit. The least important field goes first, after its brief words if it
// has them; of equal ones, the later. "" when not even the head fits.
std::string fit_status_text(const StatusText& text, std::size_t width);

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

  // Shows `text` (on a terminal: fitted to its width less one column, so it
  // never wraps) and schedules the next update.
  void show(const StatusText& text, Clock::time_point now);
  // Takes the line off the screen; the next show() draws it again.
  void erase() noexcept;
  // Off the screen for good, the console as it was (at exit).
  void finish() noexcept;
  // At the end of the work: to a file or pipe, `last` as the final line
  // (unless the work was too short for any line, under terminal_period);
  // then finish(). A terminal's line is only erased.
  void conclude(const StatusText& last, Clock::time_point now);

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
  Clock::time_point start_;
  Clock::time_point next_ = Clock::time_point::max();
  std::size_t shown_ = 0;  // characters on the screen now
  bool logged_ = false;    // a plain line written
};

// Takes the live status line, if one is on the screen, off it: called before
// a diagnostic goes to stderr and before records go to a terminal, so that
// no record or message is ever mixed into it. The next update redraws it.
void erase_status_line() noexcept;

// The rate of a growing count over the last second: from the newest sample
// at least a second old (about four updates before on a terminal, the one
// before in a file or pipe) to now.
class RecentRate {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr Clock::duration window = std::chrono::seconds(1);
  explicit RecentRate(Clock::time_point start) { samples_[0] = {0, start}; }

  // Per second, over the last second (since the start, before a second).
  double update(std::uint64_t count, Clock::time_point now);

 private:
  struct Sample {
    std::uint64_t count = 0;
    Clock::time_point time{};
  };
  // Updates come at most every terminal_period: four in a second, and one
  // older.
  std::array<Sample, 8> samples_{};
  std::size_t oldest_ = 0;
  std::size_t size_ = 1;
};

}  // namespace dgram
