// `send --lines` and `--talk`: cutting input into lines (LF or CRLF, the
// ending dropped).
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dgram {

// Calls `on_line(std::string_view)` for every line of a whole input, the last
// one also without an ending; stops when `on_line` returns false.
template <class OnLine>
bool for_each_line(std::string_view text, OnLine&& on_line) {
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!on_line(line)) return false;
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return true;
}

// The same for input that arrives in pieces (a pipe), line by line as each
// is complete.
class LineSplitter {
 public:
  // A line longer than `max_line` bytes is reported as soon as it is: no
  // need to wait for, and keep, the rest of it.
  explicit LineSplitter(std::size_t max_line = std::numeric_limits<std::size_t>::max() - 1)
      : max_line_(max_line) {}

  enum class Fed { more, stopped, too_long };

  // Adds input and calls `on_line` for each line it completes; `stopped`
  // when `on_line` returned false.
  template <class OnLine>
  Fed feed(std::span<const std::byte> bytes, OnLine&& on_line);

  // What is left after the input ended: a last line without an ending.
  std::optional<std::string> rest();

  // After `too_long`, for a caller that goes on (listen --talk): drops what
  // came of the line and the rest of it, up to its ending.
  void skip_line() {
    pending_.clear();
    searched_ = 0;
    skipping_ = true;
  }

 private:
  std::string pending_;
  bool skipping_ = false;
  std::size_t searched_ = 0;  // pending_ holds no '\n' before this
  std::size_t max_line_;
};

template <class OnLine>
LineSplitter::Fed LineSplitter::feed(std::span<const std::byte> bytes, OnLine&& on_line) {
  if (skipping_) {
    const auto end = std::find(bytes.begin(), bytes.end(), std::byte{'\n'});
    if (end == bytes.end()) return Fed::more;
    bytes = bytes.subspan(static_cast<std::size_t>(end - bytes.begin()) + 1);
    skipping_ = false;
  }
  pending_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::size_t start = 0;
  for (std::size_t end = pending_.find('\n', searched_); end != std::string::npos;
       end = pending_.find('\n', start)) {
    std::string_view line = std::string_view(pending_).substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    start = end + 1;
    if (!on_line(line)) {
      pending_.erase(0, start);
      searched_ = 0;
      return Fed::stopped;
    }
  }
  pending_.erase(0, start);
  searched_ = pending_.size();
  // +1: the '\r' of a CRLF whose '\n' is still to come.
  return pending_.size() > max_line_ + 1 ? Fed::too_long : Fed::more;
}

inline std::optional<std::string> LineSplitter::rest() {
  if (pending_.empty()) return std::nullopt;
  std::string last = std::move(pending_);
  pending_.clear();
  searched_ = 0;
  if (last.ends_with('\r')) last.pop_back();
  return last;
}

}  // namespace dgram
