// The child's stdout and stderr as the Process reader threads collect them. Kept apart from the
// platform code so that process_posix.cpp and process_win32.cpp share one set of waiting rules.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>

namespace dgram::test {

class CapturedOutput {
 public:
  enum class Stream { out, err };

  void append(Stream stream, std::string_view data) {
    {
      std::lock_guard lock(mutex_);
      buffer(stream).text.append(data);
    }
    changed_.notify_all();
  }

  // Called once the stream's pipe reached its end, so that waiters stop hoping for more.
  void close(Stream stream) {
    {
      std::lock_guard lock(mutex_);
      buffer(stream).closed = true;
    }
    changed_.notify_all();
  }

  // True as soon as `stream` contains `needle`; false when the timeout passes or the stream closes
  // without it.
  bool wait_for(Stream stream, std::string_view needle, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    const Buffer& data = buffer(stream);
    changed_.wait_for(lock, timeout,
                      [&] { return data.text.find(needle) != std::string::npos || data.closed; });
    return data.text.find(needle) != std::string::npos;
  }

  // True once both streams are closed; false if `until` comes first.
  bool wait_until_closed(std::chrono::steady_clock::time_point until) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, until, [&] { return out_.closed && err_.closed; });
  }

  std::string text(Stream stream) const {
    std::lock_guard lock(mutex_);
    return buffer(stream).text;
  }

 private:
  struct Buffer {
    std::string text;
    bool closed = false;
  };

  Buffer& buffer(Stream stream) { return stream == Stream::out ? out_ : err_; }
  const Buffer& buffer(Stream stream) const { return stream == Stream::out ? out_ : err_; }

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  Buffer out_;
  Buffer err_;
};

}  // namespace dgram::test
