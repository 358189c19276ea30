// `send --lines`: cutting input into lines as it arrives.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>

namespace dgram {

class LineSplitter {
 public:
  // Adds input; calls `on_line(std::string_view)` for every line it
  // completes, without its LF or CRLF. Stops early and returns false when
  // `on_line` returns false.
  template <class OnLine>
  bool feed(std::span<const std::byte> bytes, OnLine&& on_line);

  // What is left after the input ended: a last line without a line ending.
  std::optional<std::string> rest();

 private:
  std::string pending_;
};

template <class OnLine>
bool LineSplitter::feed(std::span<const std::byte> bytes, OnLine&& on_line) {
  pending_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::size_t start = 0;
  bool keep_going = true;
  for (std::size_t end = pending_.find('\n'); end != std::string::npos && keep_going;
       end = pending_.find('\n', start)) {
    std::size_t length = end - start;
    if (length > 0 && pending_[end - 1] == '\r') --length;
    keep_going = on_line(std::string_view(pending_).substr(start, length));
    start = end + 1;
  }
  pending_.erase(0, start);
  return keep_going;
}

inline std::optional<std::string> LineSplitter::rest() {
  if (pending_.empty()) return std::nullopt;
  std::string last = std::move(pending_);
  pending_.clear();
  if (!last.empty() && last.back() == '\r') last.pop_back();
  return last;
}

}  // namespace dgram
