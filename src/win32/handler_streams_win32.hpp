// The three standard streams of a `listen --exec` handler on Windows, each
// served by a thread of its own (an anonymous pipe cannot be waited on):
// its input written and closed, its output kept up to a limit, its errors
// passed to the thread that runs the handler, which splits them into lines.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/handler_process.hpp"
#include "win32/owned_handle.hpp"

namespace dgram::win32 {

// A thread running one job; its handle is signalled once the job ended.
// The destructor waits for that.
class PumpThread {
 public:
  explicit PumpThread(std::function<void()> job);
  PumpThread(const PumpThread&) = delete;
  PumpThread& operator=(const PumpThread&) = delete;
  ~PumpThread();

  bool started() const { return static_cast<bool>(thread_); }
  // Why CreateThread failed (when it did).
  DWORD start_error() const { return start_error_; }
  HANDLE handle() const { return thread_.get(); }
  bool ended() const;

 private:
  static DWORD WINAPI serve(void* self);
  std::function<void()> job_;
  OwnedHandle thread_;
  DWORD start_error_ = 0;
};

// All of `input` into the pipe, then the pipe closed (its reader sees the
// end). A handler that exits without reading it all ends the write too.
void write_input(OwnedHandle& pipe, std::span<const std::byte> input);

// Everything up to the pipe's end: the first `most` bytes kept, the rest
// read and dropped (`over` then set).
void read_output(HANDLE pipe, std::size_t most, std::vector<std::byte>& kept, bool& over);

// Standard error's bytes on their way from their reader thread to the
// thread that runs the handler. Bounded: the reader waits while the other
// thread has not taken what came (so does then the handler).
class ErrorStream {
 public:
  ErrorStream();
  // Set (auto-reset) when bytes wait to be taken.
  HANDLE ready() const { return ready_.get(); }
  // On the reader thread: the pipe to its end.
  void read_all(HANDLE pipe);
  // What came since the last take.
  std::string take();
  // Nothing more is taken: the reader drops what comes and never waits.
  void abandon();

 private:
  std::mutex mutex_;
  std::condition_variable room_;
  std::string pending_;
  bool abandoned_ = false;
  OwnedHandle ready_;
};

// Bytes of standard error to lines for the sink, as the header says:
// without "\n" or "\r\n", in pieces of at most error_line_most bytes, a last
// line without its end at finish().
class ErrorLines {
 public:
  explicit ErrorLines(const sys::ErrorLineSink& sink) : sink_(sink) {}
  void add(std::string_view bytes);
  void finish();

 private:
  void emit(std::string_view line);
  const sys::ErrorLineSink& sink_;
  std::string pending_;
};

}  // namespace dgram::win32
