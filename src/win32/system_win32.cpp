#include "win32/winsock_headers.hpp"

#include <fcntl.h>
#include <io.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "common/error.hpp"
#include "common/system.hpp"
#include "win32/command_line.hpp"
#include "win32/console_text.hpp"
#include "win32/interrupt_win32.hpp"
#include "win32/standard_input_win32.hpp"
#include "win32/utf16.hpp"
#include "win32/win32_error.hpp"

namespace dgram {
namespace {

std::atomic<bool> interrupt_flag{false};
HANDLE interrupt_handle = nullptr;
HANDLE main_thread = nullptr;

void interrupt_main_thread() {
  interrupt_flag = true;
  SetEvent(interrupt_handle);
  // Pipes are read and written on helper threads (below), which the event
  // frees the main thread from; anything else synchronous that blocks the
  // main thread (a file on a stalled share) is cut short here.
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

Error reason(int code) { return {ErrorKind::system, std::strerror(code)}; }

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// The Windows handle behind a C stream; the standard ones by their standard
// handle, which claim_standard_streams keeps valid even in a process
// started without them.
HANDLE handle_of(std::FILE* file) {
  if (file == stdout) return GetStdHandle(STD_OUTPUT_HANDLE);
  if (file == stderr) return GetStdHandle(STD_ERROR_HANDLE);
  if (file == stdin) return GetStdHandle(STD_INPUT_HANDLE);
  return reinterpret_cast<HANDLE>(_get_osfhandle(_fileno(file)));
}

// GetConsoleMode succeeds on a console handle only: NUL and serial ports are
// character devices too (and _isatty says yes to them), but no console.
bool is_console(HANDLE handle) {
  DWORD mode = 0;
  return handle != nullptr && handle != INVALID_HANDLE_VALUE && GetConsoleMode(handle, &mode) != 0;
}

// A usable handle: a null or invalid one, or one GetFileType cannot place
// because it is not a handle at all, means the stream was never given.
bool is_usable(HANDLE handle) {
  if (handle == nullptr || handle == INVALID_HANDLE_VALUE) return false;
  SetLastError(NO_ERROR);
  return GetFileType(handle) != FILE_TYPE_UNKNOWN || GetLastError() == NO_ERROR;
}

// Writing to a pipe whose reader has gone fails with one of three codes,
// depending on the kind of pipe and how the reader left.
bool reader_gone(DWORD code) {
  return code == ERROR_NO_DATA || code == ERROR_BROKEN_PIPE || code == ERROR_PIPE_NOT_CONNECTED;
}

Error output_error(DWORD code) {
  if (reader_gone(code)) return {ErrorKind::output_closed, "the reader of the output went away"};
  if (sys::interrupt_requested() || code == ERROR_OPERATION_ABORTED) return interrupted();
  return win32::system_error(code, "cannot write the output");
}

// All of `bytes` to a file, pipe or device, in as few WriteFile calls as it
// takes (one, but for a pipe that has no room or does not wait).
Status write_all(HANDLE handle, std::string_view bytes) {
  while (!bytes.empty()) {
    DWORD wrote = 0;
    const auto size = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1u << 30));
    if (!WriteFile(handle, bytes.data(), size, &wrote, nullptr))
      return output_error(GetLastError());
    bytes.remove_prefix(wrote);
    // A non-blocking pipe (PIPE_NOWAIT) that is full takes nothing: wait
    // for its reader rather than spin.
    if (wrote == 0 && sys::pause_unless_interrupted(std::chrono::milliseconds(1))) {
      return interrupted();
    }
  }
  return {};
}

// Runs one job at a time on a thread of its own while the main thread waits
// for the job and for Ctrl+C at once: a pipe read or write that blocks
// because the other end neither writes nor reads gives way to Ctrl+C at
// once. (CancelSynchronousIo would do that on Windows, but Wine 8 cannot
// cancel a blocked pipe read or write, and a cancel that comes just before
// the call starts is lost.) Never destroyed: a job may still be blocked when
// the process exits after Ctrl+C.
class Helper {
 public:
  using Job = void (*)(void* context);

  Helper() {
    requested_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    // Manual reset: a wait on it elsewhere (a socket's, --talk) must not
    // take the signal from run().
    done_ = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (requested_ == nullptr || done_ == nullptr) return;
    const HANDLE thread = CreateThread(nullptr, 64 * 1024, &Helper::serve, this, 0, nullptr);
    if (thread == nullptr) return;
    CloseHandle(thread);  // it runs until the process ends
    running_ = true;
  }

  // Runs `job(context)` and waits for it; false when Ctrl+C came first and
  // the job did not end within `grace` after it, and then the job still owns
  // `context`. Without a thread, runs it here.
  bool run(Job job, void* context, DWORD grace_ms = 0) {
    if (!running_) {
      job(context);
      return true;
    }
    if (!start(job, context)) return false;  // an earlier job is still blocked
    const HANDLE events[2] = {done_, interrupt_handle};
    // Both set: the job's outcome comes first (the lower index wins).
    if (WaitForMultipleObjects(interrupt_handle != nullptr ? 2 : 1, events, FALSE, INFINITE) !=
            WAIT_OBJECT_0 &&
        WaitForSingleObject(done_, grace_ms) != WAIT_OBJECT_0) {
      return false;
    }
    ResetEvent(done_);
    busy_ = false;
    return true;
  }

  // Starts `job(context)` without waiting for it, unless that very job is
  // already under way (started ahead: run() then waits for it); false when
  // another one is (one still blocked after Ctrl+C).
  bool start(Job job, void* context) {
    if (busy_) return job_ == job && context_ == context;
    job_ = job;
    context_ = context;
    busy_ = true;
    ResetEvent(done_);
    SetEvent(requested_);
    return true;
  }

  bool running() const { return running_; }
  bool busy() const { return busy_; }
  // Set once a started job is done, until run() takes its outcome.
  HANDLE done_event() const { return done_; }

 private:
  static DWORD WINAPI serve(void* self) {
    auto* helper = static_cast<Helper*>(self);
    while (WaitForSingleObject(helper->requested_, INFINITE) == WAIT_OBJECT_0) {
      helper->job_(helper->context_);
      SetEvent(helper->done_);
    }
    return 0;
  }

  HANDLE requested_ = nullptr;
  HANDLE done_ = nullptr;
  bool running_ = false;
  bool busy_ = false;
  Job job_ = nullptr;
  void* context_ = nullptr;
};

// Records bound for a pipe: written by a helper from a copy of their own.
struct PipeWrite {
  HANDLE handle = nullptr;
  std::string bytes;
  Status written;

  static void perform(void* self) {
    auto* write = static_cast<PipeWrite*>(self);
    write->written = write_all(write->handle, write->bytes);
  }
};

// After Ctrl+C the records still buffered get a moment (a reader that
// reads takes them at once); a reader that does not read is not waited for.
Status write_to_pipe(HANDLE handle, std::string_view bytes) {
  static Helper* const writer = new Helper;
  static PipeWrite* const write = new PipeWrite;
  write->handle = handle;
  write->bytes.assign(bytes);
  if (!writer->run(&PipeWrite::perform, write, 250)) return interrupted();
  return std::move(write->written);
}

// What is still to be written of a UTF-8 sequence that a write cut, per
// console stream: the next write completes it.
win32::ConsoleText console_output;
win32::ConsoleText console_error;

// `records`: stdout's records, which Ctrl+C may cut short where a pipe
// blocks; a diagnostic (the summary that follows Ctrl+C) is written whole.
Status write_to(std::FILE* file, std::string_view bytes, bool records) {
  // Anything the C runtime still holds for this stream goes first.
  std::fflush(file);
  const HANDLE handle = handle_of(file);
  if (is_console(handle)) {
    win32::ConsoleText& text = file == stderr ? console_error : console_output;
    const DWORD failed = text.write(handle, bytes);
    return failed == NO_ERROR ? Status{} : Status(output_error(failed));
  }
  if (records && GetFileType(handle) == FILE_TYPE_PIPE) return write_to_pipe(handle, bytes);
  return write_all(handle, bytes);
}

// Standard input. A console is read as UTF-16 and handed on as UTF-8; a
// console or a pipe is read by a Helper, so that Ctrl+C ends a read that
// waits for a person or for a writer that keeps its end open. Files and
// devices such as NUL never block and are read directly.
class StandardInput {
 public:
  explicit StandardInput(HANDLE handle)
      : handle_(handle), console_(is_console(handle)), helped_(console_ || is_pipe(handle)) {}

  // Up to `buffer.size()` bytes, as soon as there are some; 0 at the end.
  Result<std::size_t> read(std::span<std::byte> buffer) {
    if (pending_.empty() && !ended_) {
      if (sys::interrupt_requested()) return interrupted();
      // A read started ahead (ready_event) keeps the size it asked for.
      if (!helped_ || !reader().busy()) wanted_ = std::min<std::size_t>(buffer.size(), chunk_bytes);
      if (!helped_) {
        perform(this);
      } else if (!reader().run(&StandardInput::perform, this)) {
        return interrupted();  // the helper may stay blocked; its bytes are not wanted
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
      if (!reader().start(&StandardInput::perform, this)) return nullptr;
    }
    return reader().done_event();
  }

 private:
  static constexpr std::size_t chunk_bytes = 64 * 1024;
  static constexpr DWORD chunk_chars = 4096;

  static bool is_pipe(HANDLE handle) { return GetFileType(handle) == FILE_TYPE_PIPE; }

  static Helper& reader() {
    static Helper* const helper = new Helper;
    return *helper;
  }

  // One ReadFile or ReadConsoleW of wanted_, on the helper or here.
  static void perform(void* self) {
    auto* input = static_cast<StandardInput*>(self);
    input->failure_ = NO_ERROR;
    DWORD got = 0;
    if (input->console_) {
      input->chars_.resize(chunk_chars);
      if (!ReadConsoleW(input->handle_, input->chars_.data(), chunk_chars, &got, nullptr)) {
        input->failure_ = GetLastError();
        got = 0;
      }
      input->chars_.resize(got);
      return;
    }
    input->bytes_.resize(input->wanted_);
    while (!ReadFile(input->handle_, input->bytes_.data(), static_cast<DWORD>(input->wanted_), &got,
                     nullptr)) {
      const DWORD code = GetLastError();
      // A non-blocking pipe (PIPE_NOWAIT) with nothing in it yet: wait for
      // its writer rather than fail (on the helper, Ctrl+C still ends it).
      if (code == ERROR_NO_DATA && !sys::interrupt_requested()) {
        Sleep(1);
        continue;
      }
      // The writer of a pipe closed its end: the end of the input.
      if (code != ERROR_BROKEN_PIPE && code != ERROR_HANDLE_EOF) input->failure_ = code;
      got = 0;
      break;
    }
    input->bytes_.resize(got);
  }

  Error read_error(DWORD code) const {
    if (sys::interrupt_requested() || code == ERROR_OPERATION_ABORTED) return interrupted();
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
      if (interrupt_handle != nullptr) WaitForSingleObject(interrupt_handle, 500);
      if (sys::interrupt_requested()) return interrupted();
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

}  // namespace

HANDLE win32::interrupt_event() { return interrupt_handle; }

HANDLE win32::standard_input_ready() { return standard_input().ready_event(); }

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
    if (is_usable(GetStdHandle(standard.id))) continue;
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
    errno = 0;
    const std::size_t got = std::fread(chunk, 1, sizeof chunk, file.get());
    bytes.insert(bytes.end(), chunk, chunk + got);
    if (got < sizeof chunk) {
      if (std::ferror(file.get())) return reason(errno);
      break;
    }
  }
  return bytes;
}

Result<std::size_t> sys::read_stdin_some(std::span<std::byte> buffer) {
  return standard_input().read(buffer);
}

Status sys::write_output(std::FILE* file, std::string_view bytes, std::size_t& written) {
  // Whole or not at all as far as the caller can tell: a cut write counts
  // every record of the batch as not written.
  Status status = write_to(file, bytes, true);
  written = status ? bytes.size() : 0;
  return status;
}

const char* sys::end_of_input_keys() { return "Ctrl+Z, then Enter"; }

void sys::write_diagnostic(std::FILE* file, std::string_view text) noexcept {
  // One write per line: stderr has no buffer in the C runtime, which would
  // write a line byte by byte to a console or NUL.
  try {
    [[maybe_unused]] const Status ignored = write_to(file, text, false);
  } catch (...) {
  }
}

bool sys::is_terminal(std::FILE* file) { return is_console(handle_of(file)); }

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
