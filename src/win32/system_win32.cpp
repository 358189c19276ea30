#include "win32/winsock_headers.hpp"

#include <fcntl.h>
#include <io.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common/error.hpp"
#include "common/system.hpp"
#include "win32/interrupt_win32.hpp"
#include "win32/utf16.hpp"

namespace dgram {
namespace {

std::atomic<bool> interrupt_flag{false};
HANDLE interrupt_handle = nullptr;
HANDLE main_thread = nullptr;
UINT original_output_code_page = 0;

void interrupt_main_thread() {
  interrupt_flag = true;
  SetEvent(interrupt_handle);
  // A ReadFile or WriteFile blocked on a pipe or the console gives way too.
  CancelSynchronousIo(main_thread);
}

BOOL WINAPI on_console_control(DWORD event) {
  switch (event) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
      interrupt_main_thread();
      return TRUE;
    case CTRL_CLOSE_EVENT:
      interrupt_main_thread();
      // Windows ends the process when this handler returns; the main thread
      // gets a moment to print the summary and exit on its own first.
      Sleep(3000);
      return TRUE;
    default:
      return FALSE;
  }
}

Error interrupted() { return {ErrorKind::interrupted, "interrupted"}; }

void restore_console_code_page() { SetConsoleOutputCP(original_output_code_page); }

Error reason(int code) { return {ErrorKind::system, std::strerror(code)}; }

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

HANDLE win32::interrupt_event() { return interrupt_handle; }

std::vector<std::string> sys::command_line(int argc, char** argv) {
  // argv is in the ANSI code page, which cannot hold every character: the
  // UTF-16 command line can.
  int count = 0;
  wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &count);
  if (wide == nullptr) return std::vector<std::string>(argv, argv + argc);
  std::vector<std::string> args;
  args.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) args.push_back(win32::to_utf8(wide[i]));
  LocalFree(wide);
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
    const HANDLE handle = GetStdHandle(standard.id);
    if (handle != nullptr && handle != INVALID_HANDLE_VALUE && _fileno(standard.file) >= 0) {
      continue;
    }
    *standard.open = false;
    // A detached process has no standard handles: the C runtime's streams
    // then write into nothing rather than fail.
    std::FILE* reopened = nullptr;
    _wfreopen_s(&reopened, L"NUL", standard.mode, standard.file);
  }
  return streams;
}

void sys::prepare_console() {
  // Payloads and records are bytes: no CRLF translation, no code page
  // conversion; stderr lines end in \n like stdout's, as on POSIX. A console shows the UTF-8
  // records as UTF-8, and gets its own code page back when dgram exits.
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
  original_output_code_page = GetConsoleOutputCP();
  if (original_output_code_page != 0 && original_output_code_page != CP_UTF8 &&
      SetConsoleOutputCP(CP_UTF8)) {
    std::atexit(restore_console_code_page);
  }
}

Result<std::vector<std::byte>> sys::read_input(const std::optional<std::string>& path,
                                               std::size_t limit) {
  std::unique_ptr<std::FILE, FileCloser> opened;
  std::FILE* file = stdin;
  if (path) {
    errno = 0;
    opened.reset(_wfopen(win32::to_utf16(*path).c_str(), L"rb"));
    if (!opened) return reason(errno);
    file = opened.get();
  }
  std::vector<std::byte> bytes;
  std::byte chunk[64 * 1024];
  while (bytes.size() <= limit) {
    errno = 0;
    const std::size_t got = std::fread(chunk, 1, sizeof chunk, file);
    bytes.insert(bytes.end(), chunk, chunk + got);
    // Ctrl+C ends a console read as if the input had ended: the flag says
    // which it was.
    if (interrupt_requested()) return interrupted();
    if (got < sizeof chunk) {
      if (std::ferror(file)) return reason(errno);
      break;
    }
  }
  return bytes;
}

Result<std::size_t> sys::read_stdin_some(std::span<std::byte> buffer) {
  // _read returns as soon as a pipe or console has some bytes, unlike fread.
  const int got = _read(_fileno(stdin), buffer.data(),
                        static_cast<unsigned>(std::min<std::size_t>(buffer.size(), 1 << 30)));
  if (interrupt_requested()) return interrupted();
  if (got < 0) return reason(errno);
  return static_cast<std::size_t>(got);
}

Status sys::write_output(std::FILE* file, std::string_view bytes, std::size_t& written) {
  errno = 0;
  written = 0;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() && std::fflush(file) == 0) {
    written = bytes.size();
    return {};
  }
  const int code = errno;
  const DWORD last_error = GetLastError();
  std::clearerr(file);
  if (interrupt_requested()) return interrupted();
  // A pipe whose reader closed: ERROR_NO_DATA / ERROR_BROKEN_PIPE, EPIPE in the CRT.
  if (code == EPIPE || last_error == ERROR_NO_DATA || last_error == ERROR_BROKEN_PIPE) {
    return Error{ErrorKind::output_closed, "the reader of the output went away"};
  }
  return Error{ErrorKind::system, std::string("cannot write the output: ") + std::strerror(code)};
}

const char* sys::end_of_input_keys() { return "Ctrl+Z, then Enter"; }

bool sys::is_terminal(std::FILE* file) { return _isatty(_fileno(file)) != 0; }

void sys::install_interrupt_handler() {
  if (interrupt_handle != nullptr) return;
  // GetCurrentThread() is a pseudo handle that means "the calling thread";
  // the handler runs on a thread of its own and needs the real one.
  DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &main_thread, 0,
                  FALSE, DUPLICATE_SAME_ACCESS);
  interrupt_handle = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (interrupt_handle != nullptr) SetConsoleCtrlHandler(on_console_control, TRUE);
}

bool sys::interrupt_requested() { return interrupt_flag; }

bool sys::pause_unless_interrupted(std::chrono::nanoseconds duration) {
  using namespace std::chrono;
  if (interrupt_requested()) return true;
  if (duration <= nanoseconds(0)) return false;
  if (interrupt_handle == nullptr) {
    Sleep(static_cast<DWORD>(ceil<milliseconds>(duration).count()));
    return false;
  }
  const auto deadline = steady_clock::now() + duration;
  while (!interrupt_requested()) {
    const auto left = ceil<milliseconds>(deadline - steady_clock::now());
    if (left.count() <= 0) break;
    WaitForSingleObject(interrupt_handle,
                        static_cast<DWORD>(std::min<std::int64_t>(left.count(), 1 << 30)));
  }
  return interrupt_requested();
}

}  // namespace dgram
