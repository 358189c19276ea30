#include "process.hpp"

#include "captured_output.hpp"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <future>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace dgram::test {
namespace {

using Clock = std::chrono::steady_clock;
using Stream = CapturedOutput::Stream;

// How long wait() keeps reading after the child is gone, at the least, before it terminates the
// child's job: a grandchild that inherited the pipes would otherwise keep them open, and the
// readers waiting, indefinitely.
constexpr std::chrono::milliseconds kDrainGrace{250};

[[noreturn]] void throw_last_error(const std::string& what) {
  throw std::system_error(static_cast<int>(::GetLastError()), std::system_category(), what);
}

class Handle {
 public:
  Handle() = default;
  explicit Handle(HANDLE handle) : handle_(handle) {}
  Handle(Handle&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  HANDLE get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr; }
  void reset() {
    if (handle_ != nullptr && handle_ != INVALID_HANDLE_VALUE) ::CloseHandle(handle_);
    handle_ = nullptr;
  }

 private:
  HANDLE handle_ = nullptr;
};

std::wstring to_wide(const std::string& utf8) {
  if (utf8.empty()) return {};
  if (utf8.size() > static_cast<size_t>(INT_MAX)) throw std::length_error("argument too long");
  const int size = static_cast<int>(utf8.size());
  const int length =
      ::MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), size, nullptr, 0);
  if (length <= 0) throw_last_error("MultiByteToWideChar");
  std::wstring wide(static_cast<size_t>(length), L'\0');
  ::MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), size, wide.data(), length);
  return wide;
}

std::string to_utf8(const std::wstring& wide) {
  if (wide.empty()) return {};
  if (wide.size() > static_cast<size_t>(INT_MAX)) throw std::length_error("string too long");
  const int size = static_cast<int>(wide.size());
  const int length = ::WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, wide.data(), size,
                                           nullptr, 0, nullptr, nullptr);
  if (length <= 0) throw_last_error("WideCharToMultiByte");
  std::string utf8(static_cast<size_t>(length), '\0');
  ::WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, wide.data(), size, utf8.data(), length,
                        nullptr, nullptr);
  return utf8;
}

// Quotes `arg` so that both CommandLineToArgvW and the C runtime's parser give it back unchanged:
// backslashes are literal except in a run that precedes a quote, where they are doubled.
void append_argument(std::wstring& command_line, const std::wstring& arg) {
  command_line += L' ';
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
    command_line += arg;
    return;
  }
  command_line += L'"';
  for (auto it = arg.begin();; ++it) {
    size_t backslashes = 0;
    while (it != arg.end() && *it == L'\\') {
      ++it;
      ++backslashes;
    }
    if (it == arg.end()) {
      // The closing quote follows, so these backslashes precede a quote too.
      command_line.append(backslashes * 2, L'\\');
      break;
    }
    if (*it == L'"') {
      command_line.append(backslashes * 2 + 1, L'\\');
    } else {
      command_line.append(backslashes, L'\\');
    }
    command_line += *it;
  }
  command_line += L'"';
}

// argv[0] follows its own rule: it runs to the next quote, with no escapes at all. It is the
// program unless `name` is given.
std::wstring build_command_line(const std::string& program, const std::vector<std::string>& args,
                                const std::wstring& name = {}) {
  const std::wstring wide_program = name.empty() ? to_wide(program) : name;
  if (wide_program.empty() || wide_program.find(L'"') != std::wstring::npos) {
    throw std::invalid_argument("invalid program path: " + program);
  }
  std::wstring command_line = L"\"" + wide_program + L"\"";
  for (const std::string& arg : args) append_argument(command_line, to_wide(arg));
  return command_line;
}

// Under Wine, a child started from a full path gets a name of its own as argv[0], which Wine
// also makes the Unix process's command line: interrupt() finds the child's Unix pid by it.
// Elsewhere (and for programs found on the PATH, such as cmd.exe) nothing changes.
std::wstring wine_child_name(const std::string& program) {
  static std::atomic<unsigned> children{0};
  if (!running_under_wine() || program.find_first_of("\\/") == std::string::npos) return {};
  return L"dgram-test-child-" + std::to_wstring(::GetCurrentProcessId()) + L"-" +
         std::to_wstring(++children);
}

// Reads a small file whole (here: /proc files, through Wine's Z: drive).
std::string read_small_file(const std::wstring& path) {
  Handle file(::CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                            OPEN_EXISTING, 0, nullptr));
  if (file.get() == INVALID_HANDLE_VALUE) return {};
  std::string text;
  char buffer[4096];
  DWORD got = 0;
  while (::ReadFile(file.get(), buffer, sizeof buffer, &got, nullptr) && got > 0) {
    text.append(buffer, got);
  }
  return text;
}

// The Unix pid of the process under Wine whose command line starts with `name`, or 0.
unsigned long unix_pid_named(const std::wstring& name) {
  const std::string wanted = to_utf8(name);
  WIN32_FIND_DATAW entry;
  const HANDLE search = ::FindFirstFileW(L"Z:\\proc\\*", &entry);
  if (search == INVALID_HANDLE_VALUE) return 0;
  unsigned long found = 0;
  do {
    const std::wstring pid = entry.cFileName;
    if (pid.find_first_not_of(L"0123456789") != std::wstring::npos) continue;
    const std::string command_line = read_small_file(L"Z:\\proc\\" + pid + L"\\cmdline");
    if (command_line.compare(0, command_line.find('\0'), wanted) == 0) {
      found = std::stoul(pid);
      break;
    }
  } while (::FindNextFileW(search, &entry));
  ::FindClose(search);
  return found;
}

// Wine delivers no CTRL_BREAK_EVENT to another process group, but turns SIGINT into CTRL_C_EVENT:
// a Unix shell, which Wine can start like any program, sends it.
void send_sigint_under_wine(const std::wstring& name) {
  const unsigned long pid = unix_pid_named(name);
  if (pid == 0) throw std::runtime_error("no Unix process for " + to_utf8(name));
  std::wstring command_line = L"sh -c \"kill -INT " + std::to_wstring(pid) + L"\"";
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info{};
  if (!::CreateProcessW(L"Z:\\bin\\sh", command_line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                        nullptr, &startup, &info)) {
    throw_last_error("CreateProcess /bin/sh");
  }
  Handle process(info.hProcess);
  Handle thread(info.hThread);
  ::WaitForSingleObject(process.get(), 10'000);
}

struct Pipe {
  Handle read;
  Handle write;
};

// Both ends start non-inheritable; only the child's end is made inheritable, so that the child
// never holds our end and EOF arrives when it exits.
Pipe make_pipe(bool child_reads) {
  HANDLE read = nullptr;
  HANDLE write = nullptr;
  if (!::CreatePipe(&read, &write, nullptr, 0)) throw_last_error("CreatePipe");
  Pipe pipe{Handle(read), Handle(write)};
  HANDLE child_end = child_reads ? read : write;
  if (!::SetHandleInformation(child_end, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT)) {
    throw_last_error("SetHandleInformation");
  }
  return pipe;
}

// Restricts inheritance to exactly the three pipe ends, so that a process started concurrently by
// another thread cannot pick up ours and keep a pipe open.
class InheritList {
 public:
  explicit InheritList(HANDLE (&handles)[3]) {
    SIZE_T size = 0;
    ::InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
    buffer_.resize(size);
    list_ = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(buffer_.data());
    if (!::InitializeProcThreadAttributeList(list_, 1, 0, &size)) {
      throw_last_error("InitializeProcThreadAttributeList");
    }
    if (!::UpdateProcThreadAttribute(list_, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles,
                                     sizeof handles, nullptr, nullptr)) {
      const DWORD error = ::GetLastError();
      ::DeleteProcThreadAttributeList(list_);
      ::SetLastError(error);
      throw_last_error("UpdateProcThreadAttribute");
    }
  }
  InheritList(const InheritList&) = delete;
  InheritList& operator=(const InheritList&) = delete;
  ~InheritList() { ::DeleteProcThreadAttributeList(list_); }

  LPPROC_THREAD_ATTRIBUTE_LIST get() const { return list_; }

 private:
  std::vector<unsigned char> buffer_;
  LPPROC_THREAD_ATTRIBUTE_LIST list_ = nullptr;
};

// A job that dies with its handle, so that killing the child also kills anything it started, which
// might hold our pipes. Returns an empty handle where jobs are unavailable (for instance inside a
// job that forbids nesting); the child then runs without one.
Handle make_kill_on_close_job() {
  Handle job(::CreateJobObjectW(nullptr, nullptr));
  if (!job) return job;
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (!::SetInformationJobObject(job.get(), JobObjectExtendedLimitInformation, &limits,
                                 sizeof limits)) {
    job.reset();
  }
  return job;
}

DWORD to_wait_ms(std::chrono::milliseconds timeout) {
  const auto count = std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 0, INFINITE - 1);
  return static_cast<DWORD>(count);
}

}  // namespace

struct Process::Impl {
  Handle process;
  Handle job;
  DWORD pid = 0;
  std::wstring name;  // argv[0] under Wine (wine_child_name), else empty
  bool exited = false;
  bool waited = false;
  ProcessResult result;

  CapturedOutput output;
  // drain() must also know when the stdin writer is done, since a blocked WriteFile keeps its
  // thread from being joined just as a blocked ReadFile does.
  std::promise<void> input_written;
  std::future<void> input_finished = input_written.get_future();

  std::thread writer;
  std::thread out_reader;
  std::thread err_reader;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  ~Impl() {
    if (process && !exited) {
      kill();
      ::WaitForSingleObject(process.get(), INFINITE);
    }
    drain(Clock::now());
  }

  // Puts the suspended child in a kill-on-close job and lets it run.
  void adopt(const PROCESS_INFORMATION& info) {
    process = Handle(info.hProcess);
    pid = info.dwProcessId;
    Handle thread(info.hThread);
    job = make_kill_on_close_job();
    if (job && !::AssignProcessToJobObject(job.get(), process.get())) job.reset();
    if (::ResumeThread(thread.get()) == static_cast<DWORD>(-1)) throw_last_error("ResumeThread");
  }

  void kill() {
    if (job) {
      ::TerminateJobObject(job.get(), 1);
    } else {
      ::TerminateProcess(process.get(), 1);
    }
  }

  void write_input(Handle pipe, std::string input) {
    size_t offset = 0;
    while (offset < input.size()) {
      const DWORD chunk = static_cast<DWORD>(std::min<size_t>(input.size() - offset, 1 << 20));
      DWORD written = 0;
      // Fails once the child has closed its end; the rest of the input is then of no use.
      if (!::WriteFile(pipe.get(), input.data() + offset, chunk, &written, nullptr)) break;
      offset += written;
    }
    pipe.reset();
    input_written.set_value();
  }

  void read_output(Handle pipe, Stream stream) {
    char buffer[16384];
    for (;;) {
      DWORD n = 0;
      // ERROR_BROKEN_PIPE once every writer has closed its end is the normal end of output.
      if (!::ReadFile(pipe.get(), buffer, sizeof buffer, &n, nullptr)) break;
      if (n == 0) continue;
      output.append(stream, std::string_view(buffer, n));
    }
    output.close(stream);
  }

  // Synchronous pipe I/O cannot be cancelled portably, so pipe threads still blocked at `until` are
  // released by killing whatever is left in the job, which closes the other ends of the pipes.
  void drain(Clock::time_point until) {
    const bool finished = output.wait_until_closed(until) &&
                          input_finished.wait_until(until) == std::future_status::ready;
    if (!finished && job) ::TerminateJobObject(job.get(), 1);
    for (std::thread* thread : {&writer, &out_reader, &err_reader}) {
      if (thread->joinable()) thread->join();
    }
  }
};

namespace {

// CreateProcessW with a few tries: a busy Wine now and then fails one with
// "Internal error" that the next attempt does not (0.2 s apart), unless the
// program itself is missing or unusable.
PROCESS_INFORMATION create_process(const std::string& program, const std::wstring& name,
                                   std::wstring& command_line, BOOL inherit, DWORD flags,
                                   STARTUPINFOW& startup) {
  // With a name of its own as argv[0], the program is given by its path.
  const std::wstring application = name.empty() ? std::wstring() : to_wide(program);
  PROCESS_INFORMATION info{};
  bool created = false;
  for (int attempt = 0; attempt < 5 && !created; ++attempt) {
    if (attempt > 0) ::Sleep(200);
    created =
        ::CreateProcessW(application.empty() ? nullptr : application.c_str(), command_line.data(),
                         nullptr, nullptr, inherit, flags, nullptr, nullptr, &startup, &info);
    if (created) break;
    const DWORD error = ::GetLastError();
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND ||
        error == ERROR_ACCESS_DENIED || error == ERROR_BAD_EXE_FORMAT) {
      break;
    }
  }
  if (!created) throw_last_error("CreateProcess " + program);
  return info;
}

}  // namespace

Process Process::start(const std::string& program, const std::vector<std::string>& args,
                       std::string input) {
  auto impl = std::make_unique<Impl>();
  impl->name = wine_child_name(program);
  std::wstring command_line = build_command_line(program, args, impl->name);

  Pipe in = make_pipe(true);
  Pipe out = make_pipe(false);
  Pipe err = make_pipe(false);
  HANDLE inherited[3] = {in.read.get(), out.write.get(), err.write.get()};
  InheritList inherit_list(inherited);

  STARTUPINFOEXW startup{};
  startup.StartupInfo.cb = sizeof startup;
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  startup.StartupInfo.hStdInput = in.read.get();
  startup.StartupInfo.hStdOutput = out.write.get();
  startup.StartupInfo.hStdError = err.write.get();
  startup.lpAttributeList = inherit_list.get();

  // A new process group is what lets interrupt() send CTRL_BREAK to the child alone (it also
  // starts the child with Ctrl+C ignored, so not under Wine, where interrupt() sends SIGINT, which
  // Wine makes CTRL_C_EVENT). The child starts suspended so that it is inside the job before it
  // can start processes of its own.
  const DWORD group = impl->name.empty() ? CREATE_NEW_PROCESS_GROUP : 0;
  const DWORD flags = group | CREATE_SUSPENDED | EXTENDED_STARTUPINFO_PRESENT;
  impl->adopt(create_process(program, impl->name, command_line, TRUE, flags, startup.StartupInfo));

  // Only the child may hold the write ends of stdout/stderr, or the readers would never see EOF.
  in.read.reset();
  out.write.reset();
  err.write.reset();

  Impl& state = *impl;
  state.writer = std::thread(
      [&state](Handle pipe, std::string data) {
        state.write_input(std::move(pipe), std::move(data));
      },
      std::move(in.write), std::move(input));
  state.out_reader =
      std::thread([&state](Handle pipe) { state.read_output(std::move(pipe), Stream::out); },
                  std::move(out.read));
  state.err_reader =
      std::thread([&state](Handle pipe) { state.read_output(std::move(pipe), Stream::err); },
                  std::move(err.read));
  return Process(std::move(impl));
}

Process Process::start_detached(const std::string& program, const std::vector<std::string>& args) {
  auto impl = std::make_unique<Impl>();
  impl->name = wine_child_name(program);
  std::wstring command_line = build_command_line(program, args, impl->name);
  // Null standard handles, and nothing inherited: the child has none.
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  const DWORD flags = DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP | CREATE_SUSPENDED;
  impl->adopt(create_process(program, impl->name, command_line, FALSE, flags, startup));
  impl->output.close(Stream::out);
  impl->output.close(Stream::err);
  impl->input_written.set_value();
  return Process(std::move(impl));
}

Process::Process(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Process::Process(Process&&) noexcept = default;
Process& Process::operator=(Process&&) noexcept = default;
Process::~Process() = default;

bool Process::wait_for_stderr(std::string_view needle, std::chrono::milliseconds timeout) {
  return impl_->output.wait_for(Stream::err, needle, timeout);
}

bool Process::wait_for_stdout(std::string_view needle, std::chrono::milliseconds timeout) {
  return impl_->output.wait_for(Stream::out, needle, timeout);
}

std::string Process::stderr_text() const { return impl_->output.text(Stream::err); }

std::string Process::stdout_text() const { return impl_->output.text(Stream::out); }

void Process::interrupt() {
  if (impl_->exited) return;
  if (!impl_->name.empty()) {
    send_sigint_under_wine(impl_->name);
    return;
  }
  // The child's process group id is its pid, because it was created with CREATE_NEW_PROCESS_GROUP.
  if (!::GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, impl_->pid)) {
    throw_last_error("GenerateConsoleCtrlEvent");
  }
}

ProcessResult Process::wait(std::chrono::milliseconds timeout) {
  Impl& state = *impl_;
  if (state.waited) return state.result;

  const Clock::time_point deadline = Clock::now() + timeout;
  ProcessResult result;
  const DWORD rc = ::WaitForSingleObject(state.process.get(), to_wait_ms(timeout));
  if (rc == WAIT_TIMEOUT) {
    state.kill();
    ::WaitForSingleObject(state.process.get(), INFINITE);
    result.timed_out = true;
    result.exit_code = -1;
  } else if (rc == WAIT_OBJECT_0) {
    DWORD code = 0;
    if (!::GetExitCodeProcess(state.process.get(), &code)) throw_last_error("GetExitCodeProcess");
    // NTSTATUS codes such as STATUS_CONTROL_C_EXIT come out negative, as they do in a cmd.exe
    // %ERRORLEVEL%.
    result.exit_code = static_cast<int>(code);
  } else {
    throw_last_error("WaitForSingleObject");
  }
  state.exited = true;
  state.drain(std::max(deadline, Clock::now() + kDrainGrace));

  result.out = state.output.text(Stream::out);
  result.err = state.output.text(Stream::err);
  state.result = result;
  state.waited = true;
  return result;
}

bool ended_by_interrupt(const ProcessResult& result) { return result.exit_code == 130; }

bool running_under_wine() {
  // Wine's ntdll exports its version; Windows' does not.
  const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

std::string dgram_executable() {
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    const DWORD length =
        ::GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (length == 0) throw_last_error("GetModuleFileNameW");
    // A full buffer means the path may have been truncated.
    if (length < path.size()) {
      path.resize(length);
      break;
    }
    path.resize(path.size() * 2);
  }
  const size_t separator = path.find_last_of(L"\\/");
  path.resize(separator == std::wstring::npos ? 0 : separator);
  return to_utf8(path + L"\\dgram.exe");
}

}  // namespace dgram::test
