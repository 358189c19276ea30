#include "common/records/status_line.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "common/system.hpp"

namespace dgram {
namespace {

// The one status line on the screen, which diagnostics and records erase.
StatusLine* live_line = nullptr;

void write(std::FILE* to, std::string_view text) noexcept { sys::write_diagnostic(to, text); }

// A terminal that does not tell its width is taken for the classic 80.
constexpr std::size_t assumed_columns = 80;

// How a field shows on a fitted line.
enum class Shown { whole, brief, left_out };

std::string joined(const StatusText& text, const std::vector<Shown>& shown) {
  std::string line = text.head;
  const char* separator = ": ";
  for (std::size_t i = 0; i < text.fields.size(); ++i) {
    if (shown[i] == Shown::left_out) continue;
    line += separator;
    line += shown[i] == Shown::brief ? text.fields[i].brief : text.fields[i].text;
    separator = ", ";
  }
  return line;
}

}  // namespace

std::string StatusText::whole() const {
  return joined(*this, std::vector<Shown>(fields.size(), Shown::whole));
}

std::string fit_status_text(const StatusText& text, std::size_t width) {
  if (text.head.size() > width) return {};
  const std::size_t none = text.fields.size();
  std::vector<Shown> shown(text.fields.size(), Shown::whole);
  // ": " before the first field and ", " before each other: two each.
  std::size_t length = text.head.size();
  for (const auto& field : text.fields) length += 2 + field.text.size();
  while (length > width) {
    std::size_t least = none;
    for (std::size_t i = 0; i < text.fields.size(); ++i) {
      if (shown[i] != Shown::left_out &&
          (least == none || text.fields[i].importance <= text.fields[least].importance))
        least = i;
    }
    const StatusText::Field& field = text.fields[least];
    if (shown[least] == Shown::whole && !field.brief.empty()) {
      // Its shorter words before the field itself goes.
      shown[least] = Shown::brief;
      length = length - field.text.size() + field.brief.size();
    } else {
      length -= 2 + (shown[least] == Shown::brief ? field.brief : field.text).size();
      shown[least] = Shown::left_out;
    }
  }
  return joined(text, shown);
}

StatusLine::StatusLine(std::FILE* to, ProgressMode mode, bool worth_it, Clock::time_point now)
    : to_(to), start_(now) {
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

void StatusLine::show(const StatusText& text, Clock::time_point now) {
  if (!active()) return;
  next_ = now + period_;
  if (style_ == Style::plain_lines) {
    write(to_, text.whole() + '\n');
    logged_ = true;
    return;
  }
  // A line as wide as the terminal would wrap, and \r would then go back to
  // its second half only.
  const std::size_t columns = sys::terminal_columns(to_).value_or(assumed_columns);
  const std::string fitted = fit_status_text(text, columns > 0 ? columns - 1 : 0);
  std::string line = "\r";
  line += fitted;
  if (style_ == Style::rewrite_erase) {
    line += "\x1b[K";
  } else if (shown_ > fitted.size()) {
    line.append(shown_ - fitted.size(), ' ');
  }
  write(to_, line);
  shown_ = fitted.size();
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

void StatusLine::conclude(const StatusText& last, Clock::time_point now) {
  if (style_ == Style::plain_lines && (logged_ || now - start_ >= terminal_period)) show(last, now);
  finish();
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
  // The oldest kept is the newest that is at least a window old.
  while (size_ > 2 && samples_[(oldest_ + 1) % samples_.size()].time <= now - window) {
    oldest_ = (oldest_ + 1) % samples_.size();
    --size_;
  }
  const Sample& first = samples_[oldest_];
  const double seconds = std::chrono::duration<double>(now - first.time).count();
  return seconds > 0 ? static_cast<double>(count - first.count) / seconds : 0.0;
}

}  // namespace dgram
