// Writes to files, devices and pipes. A pipe is written on a helper thread
// of its own, so that a reader that stops reading cannot hold the main
// thread past sys::grace_after_interrupt after Ctrl+C.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

#include "common/result.hpp"
#include "win32/helper_thread.hpp"
#include "win32/winsock_headers.hpp"

namespace dgram::win32 {

// All of `bytes` to a file, pipe or device, in pieces small enough that
// `written` tells how far it got (it only grows, and may be read from
// another thread meanwhile). A non-blocking pipe (PIPE_NOWAIT) that takes
// nothing is waited on, after an interrupt at most the grace.
Status write_all(HANDLE handle, std::string_view bytes, std::atomic<std::size_t>& written);

class PipeWriter {
 public:
  // write_all on the helper thread; the main thread waits for it and for
  // Ctrl+C, then what is left of the stream's grace. ErrorKind::interrupted when the write
  // did not end in time (or an abandoned one still blocks): `written` then
  // counts what went out for sure. The helper writes from a copy of its
  // own that it keeps until its write ends, so nothing the main thread does
  // later can change bytes WriteFile may still read.
  Status write(HANDLE pipe, std::string_view bytes, std::size_t& written);

 private:
  HelperThread helper_;
  // The end of the grace, from the first write that saw the interrupt: the
  // stream's later writes share it.
  std::optional<std::chrono::steady_clock::time_point> give_up_;
};

}  // namespace dgram::win32
