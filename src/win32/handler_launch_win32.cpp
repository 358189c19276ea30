#include "win32/handler_launch_win32.hpp"

#include <algorithm>
#include <cstddef>
#include <mutex>

#include <fmt/format.h>

#include "win32/utf16.hpp"
#include "win32/win32_error.hpp"

namespace dgram::win32 {
namespace {

// The name of an environment entry: up to its first "=" after the first
// character (the hidden per-drive entries look like "=C:=C:\dir").
std::wstring_view name_of(std::wstring_view entry) { return entry.substr(0, entry.find(L'=', 1)); }

int compare_names(std::wstring_view a, std::wstring_view b) {
  return CompareStringOrdinal(a.data(), static_cast<int>(a.size()), b.data(),
                              static_cast<int>(b.size()), TRUE);
}

// Held from making the child's pipe ends inheritable until they are closed
// again: a handler started meanwhile on another thread would inherit them
// where the handle list is not honoured (Wine), and a write end it held
// would keep that other run's output open past its end.
std::mutex& inheritance_mutex() {
  static std::mutex mutex;
  return mutex;
}

struct Pipe {
  OwnedHandle read;
  OwnedHandle write;
};

bool create_pipe(Pipe& pipe) {
  HANDLE read = nullptr;
  HANDLE write = nullptr;
  if (!CreatePipe(&read, &write, nullptr, 0)) return false;
  pipe.read.reset(read);
  pipe.write.reset(write);
  return true;
}

// A job that kills every process in it when its last handle closes.
OwnedHandle create_kill_on_close_job() {
  OwnedHandle job(CreateJobObjectW(nullptr, nullptr));
  if (!job) return job;
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (!SetInformationJobObject(job.get(), JobObjectExtendedLimitInformation, &limits,
                               sizeof limits)) {
    job.reset();
  }
  return job;
}

// STARTUPINFOEXW's attribute list naming the only handles the child may
// inherit.
class InheritList {
 public:
  explicit InheritList(HANDLE (&handles)[3]) {
    SIZE_T size = 0;
    InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
    storage_.resize(size);
    auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(storage_.data());
    if (!InitializeProcThreadAttributeList(list, 1, 0, &size)) return;
    list_ = list;
    if (!UpdateProcThreadAttribute(list_, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles,
                                   sizeof handles, nullptr, nullptr)) {
      DeleteProcThreadAttributeList(list_);
      list_ = nullptr;
    }
  }
  InheritList(const InheritList&) = delete;
  InheritList& operator=(const InheritList&) = delete;
  ~InheritList() {
    if (list_ != nullptr) DeleteProcThreadAttributeList(list_);
  }
  LPPROC_THREAD_ATTRIBUTE_LIST get() const { return list_; }

 private:
  std::vector<std::byte> storage_;
  LPPROC_THREAD_ATTRIBUTE_LIST list_ = nullptr;
};

}  // namespace

std::wstring shell_path() {
  const DWORD needed = GetEnvironmentVariableW(L"ComSpec", nullptr, 0);
  if (needed > 1) {
    std::wstring path(needed, L'\0');
    const DWORD length = GetEnvironmentVariableW(L"ComSpec", path.data(), needed);
    if (length > 0 && length < needed) {
      path.resize(length);
      return path;
    }
  }
  wchar_t directory[MAX_PATH + 1] = {};
  const UINT length = GetSystemDirectoryW(directory, MAX_PATH + 1);
  if (length == 0 || length > MAX_PATH) return L"cmd.exe";
  return std::wstring(directory, length) + L"\\cmd.exe";
}

std::wstring handler_command_line(std::wstring_view shell, std::string_view command) {
  std::wstring line = L"\"";
  line += shell;
  line += L"\" /d /s /c \"";
  line += to_utf16(command);
  line += L"\"";
  return line;
}

std::vector<wchar_t> environment_block(
    const std::vector<std::pair<std::string, std::string>>& set) {
  std::vector<std::wstring> entries;
  if (wchar_t* own = GetEnvironmentStringsW()) {
    for (const wchar_t* entry = own; *entry != L'\0';) {
      const std::wstring_view text(entry);
      entries.emplace_back(text);
      entry += text.size() + 1;
    }
    FreeEnvironmentStringsW(own);
  }
  for (const auto& [name, value] : set) {
    const std::wstring wide_name = to_utf16(name);
    std::erase_if(entries, [&](const std::wstring& entry) {
      return compare_names(name_of(entry), wide_name) == CSTR_EQUAL;
    });
    entries.push_back(wide_name + L"=" + to_utf16(value));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return compare_names(name_of(a), name_of(b)) == CSTR_LESS_THAN;
  });
  std::vector<wchar_t> block;
  for (const std::wstring& entry : entries) {
    block.insert(block.end(), entry.begin(), entry.end());
    block.push_back(L'\0');
  }
  if (block.empty()) block.push_back(L'\0');
  block.push_back(L'\0');
  return block;
}

bool launch_handler(const sys::HandlerRequest& request, LaunchedHandler& launched,
                    std::string& error) {
  auto fail = [&](std::string_view context, DWORD code) {
    error = fmt::format("{}: {}", context, system_message(code));
    return false;
  };
  const std::wstring shell = shell_path();
  std::wstring command_line = handler_command_line(shell, request.command);
  std::vector<wchar_t> environment = environment_block(request.environment);

  OwnedHandle job = create_kill_on_close_job();
  if (!job) return fail("CreateJobObjectW", GetLastError());
  // Created uninheritable: only the child's ends become inheritable, and
  // only while this child is started.
  Pipe input;
  Pipe output;
  Pipe errors;
  if (!create_pipe(input) || !create_pipe(output) || !create_pipe(errors)) {
    return fail("CreatePipe", GetLastError());
  }
  HANDLE inherited[3] = {input.read.get(), output.write.get(), errors.write.get()};
  InheritList inherit_list(inherited);

  STARTUPINFOEXW startup{};
  startup.StartupInfo.cb = sizeof startup;
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  startup.StartupInfo.hStdInput = inherited[0];
  startup.StartupInfo.hStdOutput = inherited[1];
  startup.StartupInfo.hStdError = inherited[2];
  startup.lpAttributeList = inherit_list.get();
  DWORD flags = CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT | CREATE_NO_WINDOW;
  if (inherit_list.get() != nullptr) flags |= EXTENDED_STARTUPINFO_PRESENT;

  PROCESS_INFORMATION started{};
  BOOL created = FALSE;
  DWORD create_error = 0;
  {
    const std::lock_guard lock(inheritance_mutex());
    bool inheritable = true;
    for (HANDLE handle : inherited) {
      inheritable =
          inheritable && SetHandleInformation(handle, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    }
    if (inheritable) {
      created = CreateProcessW(shell.c_str(), command_line.data(), nullptr, nullptr, TRUE, flags,
                               environment.data(), nullptr, &startup.StartupInfo, &started);
    }
    create_error = GetLastError();
    // The child has its copies now: ours go before another run can start
    // a child that would inherit them.
    input.read.reset();
    output.write.reset();
    errors.write.reset();
  }
  if (!created) return fail(to_utf8(shell), create_error);
  OwnedHandle process(started.hProcess);
  OwnedHandle thread(started.hThread);
  if (!AssignProcessToJobObject(job.get(), process.get())) {
    const DWORD code = GetLastError();
    TerminateProcess(process.get(), 1);
    WaitForSingleObject(process.get(), INFINITE);
    return fail("AssignProcessToJobObject", code);
  }
  launched.job = std::move(job);
  launched.process = std::move(process);
  launched.thread = std::move(thread);
  launched.input = std::move(input.write);
  launched.output = std::move(output.read);
  launched.errors = std::move(errors.read);
  return true;
}

}  // namespace dgram::win32
