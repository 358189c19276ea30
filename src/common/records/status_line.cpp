#include "common/records/status_line.hpp"

#include <string>

#include "common/system.hpp"

namespace dgram {
namespace {

// The one status line on the screen, which diagnostics and records erase.
StatusLine* live_line = nullptr;

void write(std::FILE* to, std::string_view text) noexcept { sys::write_diagnostic(to, text); }

}  // namespace

StatusLine::StatusLine(std::FILE* to, ProgressMode mode, bool worth_it, Clock::time_point now)
    : to_(to) {
  if (mode == ProgressMode::off || (mode == ProgressMode::automatic && !worth_it)) return;
  switch (sys::begin_line_rewrite(to)) {
    case sys::LineRewrite::none:
      if (mode != ProgressMode::on) return;
      style_ = Style::plain_lines;
      period_ = plain_period;
      break;
    case sys::LineRewrite::carriage_return:
      style_ = Style::rewrite_pad;
      break;
    case sys::LineRewrite::erase_sequence:
      style_ = Style::rewrite_erase;
      break;
  }
  if (style_ != Style::plain_lines) live_line = this;
  next_ = now + period_;
}

void StatusLine::show(std::string_view text, Clock::time_point now) {
  if (!active()) return;
  next_ = now + period_;
  if (style_ == Style::plain_lines) {
    std::string line(text);
    line += '\n';
    write(to_, line);
    return;
  }
  // A line as wide as the terminal would wrap, and \r would then go back to
  // its second half only.
  if (const auto columns = sys::terminal_columns(to_); columns && text.size() >= *columns) {
    text = text.substr(0, *columns > 1 ? *columns - 1 : 0);
  }
  std::string line = "\r";
  line += text;
  if (style_ == Style::rewrite_erase) {
    line += "\x1b[K";
  } else if (shown_ > text.size()) {
    line.append(shown_ - text.size(), ' ');
  }
  write(to_, line);
  shown_ = text.size();
}

void StatusLine::erase() noexcept {
  if (shown_ == 0) return;
  if (style_ == Style::rewrite_erase) {
    write(to_, "\r\x1b[K");
  } else if (style_ == Style::rewrite_pad) {
    try {
      std::string blank = "\r";
      blank.append(shown_, ' ');
      blank += '\r';
      write(to_, blank);
    } catch (...) {
    }
  }
  shown_ = 0;
}

void StatusLine::finish() noexcept {
  if (!active()) return;
  erase();
  if (style_ != Style::plain_lines) sys::end_line_rewrite(to_);
  if (live_line == this) live_line = nullptr;
  style_ = Style::off;
  next_ = Clock::time_point::max();
}

void erase_status_line() noexcept {
  if (live_line != nullptr) live_line->erase();
}

double RecentRate::update(std::uint64_t count, Clock::time_point now) {
  if (size_ == samples_.size()) {
    oldest_ = (oldest_ + 1) % samples_.size();
    --size_;
  }
  samples_[(oldest_ + size_) % samples_.size()] = {count, now};
  ++size_;
  const Sample& first = samples_[oldest_];
  const double seconds = std::chrono::duration<double>(now - first.time).count();
  return seconds > 0 ? static_cast<double>(count - first.count) / seconds : 0.0;
}

}  // namespace dgram
