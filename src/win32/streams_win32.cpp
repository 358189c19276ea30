// The process's streams on Windows: the command line, the standard handles
// (claimed, made binary), and writing records and diagnostics to a console
// (UTF-8 through the wide API), a pipe (on a helper thread) or a file.
#include <fcntl.h>
#include <io.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "common/system.hpp"
#include "win32/command_line.hpp"
#include "win32/console_text.hpp"
#include "win32/pipe_writer.hpp"
#include "win32/standard_handles.hpp"
#include "win32/utf16.hpp"

namespace dgram {
namespace {

using win32::handle_of;
using win32::is_console;

// What is still to be written of a UTF-8 sequence that a write cut, per
// console stream: the next write completes it, or the exit writes it.
// Never destroyed: the exit writes it after static objects may have gone.
win32::ConsoleText& console_text(std::FILE* file) {
  static auto* const output = new win32::ConsoleText;
  static auto* const error = new win32::ConsoleText;
  return file == stderr ? *error : *output;
}

void finish_console_text() {
  for (std::FILE* file : {stdout, stderr}) {
    win32::ConsoleText& text = console_text(file);
    const HANDLE handle = handle_of(file);
    if (text.holds_bytes() && is_console(handle)) text.finish(handle);
  }
}

// stdout and stderr each have a writer of their own: a blocked stdout (its
// reader stopped reading) must not keep the summary from a stderr that reads.
win32::PipeWriter& pipe_writer(std::FILE* file) {
  static auto* const output = new win32::PipeWriter;
  static auto* const error = new win32::PipeWriter;
  return file == stderr ? *error : *output;
}

// All of `bytes` to `file`; `written` tells how many went out.
Status write_to(std::FILE* file, std::string_view bytes, std::size_t& written) {
  written = 0;
  // Anything the C runtime still holds for this stream goes first.
  std::fflush(file);
  const HANDLE handle = handle_of(file);
  if (is_console(handle)) {
    static const bool finish_at_exit = std::atexit(finish_console_text) == 0;
    (void)finish_at_exit;
    // A diagnostic (the summary) ends a character the records left cut,
    // where it belongs: before the diagnostic rather than after it at exit.
    if (file == stderr && console_text(stdout).holds_bytes() && is_console(handle_of(stdout))) {
      console_text(stdout).finish(handle_of(stdout));
    }
    const DWORD failed = console_text(file).write(handle, bytes, written);
    return failed == NO_ERROR ? Status{} : Status(win32::output_error(failed));
  }
  if ((file == stdout || file == stderr) && GetFileType(handle) == FILE_TYPE_PIPE) {
    return pipe_writer(file).write(handle, bytes, written);
  }
  // Files and devices do not wait for a reader; a stalled share is cut
  // short by the interrupt's CancelSynchronousIo.
  std::atomic<std::size_t> progress{0};
  Status status = win32::write_all(handle, bytes, progress);
  written = progress;
  return status;
}

}  // namespace

std::vector<std::string> sys::command_line(int, char**) {
  // argv is in the ANSI code page, which cannot hold every character, and
  // the C runtimes of MinGW and MSVC split it by rules of their own: the
  // UTF-16 command line holds everything, split here as the MSVC runtime does.
  const auto wide = win32::split_command_line(GetCommandLineW());
  std::vector<std::string> args;
  args.reserve(wide.size());
  for (const std::wstring& arg : wide) args.push_back(win32::to_utf8(arg));
  return args;
}

sys::StandardStreams sys::claim_standard_streams() {
  StandardStreams streams;
  struct Standard {
    DWORD id;
    bool* open;
    std::FILE* file;
    const wchar_t* mode;
  };
  const Standard standards[] = {{STD_INPUT_HANDLE, &streams.input, stdin, L"rb"},
                                {STD_OUTPUT_HANDLE, &streams.output, stdout, L"wb"},
                                {STD_ERROR_HANDLE, &streams.error, stderr, L"wb"}};
  for (const Standard& standard : standards) {
    if (win32::is_usable(GetStdHandle(standard.id))) continue;
    *standard.open = false;
    // A detached process has no standard handles: NUL takes their place,
    // for dgram's own reads and writes (which use the standard handles) and
    // for the C runtime's streams (which CLI11's --help writes through).
    const HANDLE null =
        CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    nullptr, OPEN_EXISTING, 0, nullptr);
    if (null != INVALID_HANDLE_VALUE) SetStdHandle(standard.id, null);
    std::FILE* reopened = nullptr;
    _wfreopen_s(&reopened, L"NUL", standard.mode, standard.file);
  }
  return streams;
}

void sys::prepare_console() {
  // What still goes through the C runtime (CLI11's --help and --version)
  // is bytes too: no CRLF translation. Records, diagnostics and input use
  // the standard handles; a console's code page is left alone.
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
}

Status sys::write_output(std::FILE* file, std::string_view bytes, std::size_t& written) {
  return write_to(file, bytes, written);
}

const char* sys::end_of_input_keys() { return "Ctrl+Z, then Enter"; }

void sys::write_diagnostic(std::FILE* file, std::string_view text) noexcept {
  // One write per line: stderr has no buffer in the C runtime, which would
  // write a line byte by byte to a console or NUL. A pipe is written as the
  // records are, so a reader that stops reading cannot hold the summary.
  try {
    std::size_t written = 0;
    [[maybe_unused]] const Status ignored = write_to(file, text, written);
  } catch (...) {
  }
}

bool sys::is_terminal(std::FILE* file) { return is_console(handle_of(file)); }

}  // namespace dgram
