// UTF-8 text to and from a Windows console, whose wide API (WriteConsoleW,
// ReadConsoleW) takes and gives UTF-16 whatever its code page: dgram leaves
// the code page alone and converts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "win32/winsock_headers.hpp"

namespace dgram::win32 {

// The length of the longest prefix of `text` that does not end inside a
// UTF-8 sequence: a write cut there leaves the rest for the next one.
std::size_t complete_utf8_length(std::string_view text);

// Writes UTF-8 to a console. A multi-byte character cut between two writes
// is held back until the write that completes it.
class ConsoleText {
 public:
  // NO_ERROR, or the error WriteConsoleW failed with; `written` counts the
  // bytes of `bytes` that reached the console (or are held back).
  DWORD write(HANDLE console, std::string_view bytes, std::size_t& written);
  // Writes what is held back, at the end: a sequence nothing completed is
  // invalid UTF-8 and shows as U+FFFD, as invalid UTF-8 does everywhere else
  // on a console (the wide API takes characters, never raw bytes).
  DWORD finish(HANDLE console);
  bool holds_bytes() const { return !held_.empty(); }

 private:
  DWORD write_text(HANDLE console, std::string_view text);
  std::string held_;
};

// Turns what ReadConsoleW gives into what a POSIX terminal gives: UTF-8,
// lines ending in \n (not \r\n), and the end of the input where a line
// starts with Ctrl+Z (as `type con` and the C runtime have it). A \r or a
// high surrogate at the end of one read waits for the next.
class ConsoleInput {
 public:
  struct Taken {
    std::string text;
    bool ended = false;  // a Ctrl+Z line: nothing after `text`
  };
  Taken take(std::wstring_view chars);
  // What was held back, at the end of the input.
  std::string finish();

 private:
  std::wstring held_;
  bool line_start_ = true;
};

}  // namespace dgram::win32
