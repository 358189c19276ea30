// Standard input. A console is read as UTF-16 and handed on as UTF-8; a
// console or a pipe is read on a helper thread, so that Ctrl+C ends a read
// that waits for a person or for a writer that keeps its end open. Files
// and devices such as NUL never block and are read directly.
#include "win32/standard_input_win32.hpp"

#include <io.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/system.hpp"
#include "win32/console_text.hpp"
#include "win32/helper_thread.hpp"
#include "win32/interrupt_win32.hpp"
#include "win32/standard_handles.hpp"
#include "win32/utf16.hpp"
#include "win32/win32_error.hpp"

namespace dgram {
namespace {

class StandardInput {
 public:
  explicit StandardInput(HANDLE handle)
      : handle_(handle),
        console_(win32::is_console(handle)),
        helped_(console_ || GetFileType(handle) == FILE_TYPE_PIPE) {}

  // Up to `buffer.size()` bytes, as soon as there are some; 0 at the end.
  Result<std::size_t> read(std::span<std::byte> buffer) {
    if (pending_.empty() && !ended_) {
      if (sys::interrupt_requested()) return interrupted_error();
      if (!helped_) {
        wanted_ = std::min<std::size_t>(buffer.size(), chunk_bytes);
        perform();
      } else {
        // A read started ahead (ready_event) keeps the size it asked for.
        if (!reader().busy()) {
          wanted_ = std::min<std::size_t>(buffer.size(), chunk_bytes);
          if (!reader().start([this] { perform(); })) return interrupted_error();
        }
        // The helper may stay blocked; its bytes are not wanted then.
        if (!reader().wait([] { return std::chrono::milliseconds(0); })) {
          return interrupted_error();
        }
      }
      if (auto taken = console_ ? take_console_text() : take_bytes(); !taken) {
        return taken.take_error();
      }
    }
    const std::size_t count = std::min(pending_.size(), buffer.size());
    std::memcpy(buffer.data(), pending_.data(), count);
    pending_.erase(0, count);
    return count;
  }

  // nullptr when read() will not block (bytes pending, the end seen, a file
  // or NUL); otherwise the event of a read started ahead on the helper, set
  // once it is done.
  HANDLE ready_event() {
    if (!pending_.empty() || ended_ || !helped_ || !reader().running()) return nullptr;
    if (!reader().busy()) {
      wanted_ = chunk_bytes;
      if (!reader().start([this] { perform(); })) return nullptr;
    }
    return reader().done_event();
  }

 private:
  static constexpr std::size_t chunk_bytes = 64 * 1024;
  static constexpr DWORD chunk_chars = 4096;

  static win32::HelperThread& reader() {
    static win32::HelperThread* const helper = new win32::HelperThread;
    return *helper;
  }

  // One ReadFile or ReadConsoleW of wanted_, on the helper or here.
  void perform() {
    failure_ = NO_ERROR;
    DWORD got = 0;
    if (console_) {
      chars_.resize(chunk_chars);
      if (!ReadConsoleW(handle_, chars_.data(), chunk_chars, &got, nullptr)) {
        failure_ = GetLastError();
        got = 0;
      }
      chars_.resize(got);
      return;
    }
    bytes_.resize(wanted_);
    while (!ReadFile(handle_, bytes_.data(), static_cast<DWORD>(wanted_), &got, nullptr)) {
      const DWORD code = GetLastError();
      // A non-blocking pipe (PIPE_NOWAIT) with nothing in it yet: wait for
      // its writer rather than fail (on the helper, Ctrl+C still ends it).
      if (code == ERROR_NO_DATA && !sys::interrupt_requested()) {
        Sleep(1);
        continue;
      }
      // The writer of a pipe closed its end: the end of the input.
      if (code != ERROR_BROKEN_PIPE && code != ERROR_HANDLE_EOF) failure_ = code;
      got = 0;
      break;
    }
    bytes_.resize(got);
  }

  Error read_error(DWORD code) const {
    if (sys::interrupt_requested() || code == ERROR_OPERATION_ABORTED) return interrupted_error();
    return {ErrorKind::system, win32::system_message(code)};
  }

  Status take_bytes() {
    if (failure_ != NO_ERROR) return read_error(failure_);
    if (bytes_.empty()) ended_ = true;
    pending_.assign(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
    return {};
  }

  // What a console read gave, as UTF-8 with \n line endings (as a POSIX
  // terminal gives it), into pending_.
  Status take_console_text() {
    if (chars_.empty()) {
      // Ctrl+C ends a console read with nothing before the control handler
      // has run (on a thread of its own): give it a moment to say so before
      // taking the empty read for the end of the input.
      if (const HANDLE interrupt = win32::interrupt_event()) WaitForSingleObject(interrupt, 500);
      if (sys::interrupt_requested()) return interrupted_error();
      if (failure_ != NO_ERROR) return read_error(failure_);
      ended_ = true;
      pending_ = console_input_.finish();
      return {};
    }
    auto taken = console_input_.take(chars_);
    pending_ = std::move(taken.text);
    ended_ = taken.ended;
    return {};
  }

  const HANDLE handle_;
  const bool console_;
  const bool helped_;
  // Filled by perform() (on the helper); read here once it is done.
  std::size_t wanted_ = 0;
  std::vector<std::byte> bytes_;
  std::wstring chars_;
  DWORD failure_ = NO_ERROR;
  // The main thread's own.
  win32::ConsoleInput console_input_;
  std::string pending_;
  bool ended_ = false;
};

StandardInput& standard_input() {
  // Never destroyed: its helper thread may still be blocked in a read of a
  // pipe while the process exits after Ctrl+C.
  static StandardInput* const input = new StandardInput(GetStdHandle(STD_INPUT_HANDLE));
  return *input;
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

Error reason(int code) { return {ErrorKind::system, std::strerror(code)}; }

// Whether a read of --file that ended (failed, or found its end) was ended by
// Ctrl+C: the handler cancels the main thread's blocking read (CON: the C
// runtime then says "Invalid argument"), and a console may end its read
// before the handler has run (on a thread of its own), so a console gets a
// moment for it to say so.
bool read_interrupted(std::FILE* file) {
  if (sys::interrupt_requested()) return true;
  const auto handle = reinterpret_cast<HANDLE>(_get_osfhandle(_fileno(file)));
  if (handle == INVALID_HANDLE_VALUE || !win32::is_console(handle)) return false;
  if (const HANDLE interrupt = win32::interrupt_event()) WaitForSingleObject(interrupt, 500);
  return sys::interrupt_requested();
}

}  // namespace

HANDLE win32::standard_input_ready() { return standard_input().ready_event(); }

Result<std::vector<std::byte>> sys::read_input(const std::optional<std::string>& path,
                                               std::size_t limit) {
  std::vector<std::byte> bytes;
  std::byte chunk[64 * 1024];
  if (!path) {
    while (bytes.size() <= limit) {
      auto got = standard_input().read(chunk);
      if (!got) return got.take_error();
      if (*got == 0) break;
      bytes.insert(bytes.end(), chunk, chunk + *got);
    }
    return bytes;
  }
  errno = 0;
  const std::unique_ptr<std::FILE, FileCloser> file(_wfopen(win32::to_utf16(*path).c_str(), L"rb"));
  if (!file) return reason(errno);
  while (bytes.size() <= limit) {
    // Ctrl+C before a read began cancels nothing: a console would wait on.
    if (sys::interrupt_requested()) return interrupted_error();
    errno = 0;
    const std::size_t got = std::fread(chunk, 1, sizeof chunk, file.get());
    bytes.insert(bytes.end(), chunk, chunk + got);
    if (got < sizeof chunk) {
      const int code = errno;
      if ((std::ferror(file.get()) || got == 0) && read_interrupted(file.get())) {
        return interrupted_error();
      }
      if (std::ferror(file.get())) return reason(code);
      break;
    }
  }
  return bytes;
}

Result<std::size_t> sys::read_stdin_some(std::span<std::byte> buffer) {
  return standard_input().read(buffer);
}

}  // namespace dgram
