// What the handler tests share: a scratch directory, batch files with the
// CRLF endings cmd.exe expects, the helper program beside the test, and one
// run with the stderr lines it gave.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/handler_process.hpp"
#include "win32/utf16.hpp"
#include "win32/winsock_headers.hpp"

namespace dgram::win32::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline std::string utf8_path(const fs::path& path) { return to_utf8(path.wstring()); }

// The path in double quotes, as cmd.exe takes one with spaces. (Appended,
// not `"\"" + text`: GCC 12 warns falsely about that, -Wrestrict.)
inline std::string quoted(const fs::path& path) {
  std::string text(1, '"');
  text += utf8_path(path);
  text += '"';
  return text;
}

// A fresh directory under %TEMP%, removed with what is in it.
class ScratchDirectory {
 public:
  explicit ScratchDirectory(std::string_view leaf = {}) {
    static int count = 0;
    root_ =
        fs::temp_directory_path() / ("dgram-handler-test-" + std::to_string(GetCurrentProcessId()) +
                                     "-" + std::to_string(++count));
    path_ = leaf.empty() ? root_ : root_ / std::string(leaf);
    fs::create_directories(path_);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path root_;
  fs::path path_;
};

inline fs::path write_batch(const fs::path& file, std::initializer_list<std::string_view> lines) {
  std::ofstream out(file, std::ios::binary);
  for (std::string_view line : lines) out << line << "\r\n";
  return file;
}

// dgram_handler_helper.exe, built beside the test, quoted for cmd.exe.
inline std::string helper() {
  wchar_t module[MAX_PATH] = {};
  GetModuleFileNameW(nullptr, module, MAX_PATH);
  return quoted(fs::path(module).parent_path() / "dgram_handler_helper.exe");
}

inline std::span<const std::byte> bytes_of(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

inline std::string text_of(const std::vector<std::byte>& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

struct HandlerRun {
  sys::HandlerResult result;
  std::vector<std::string> lines;  // standard error's
};

inline HandlerRun run_handler(const sys::HandlerRequest& request, sys::HandlerProcess& process) {
  HandlerRun run;
  // The sink is called on the thread that runs the handler, as the header says.
  const std::thread::id caller = std::this_thread::get_id();
  run.result = process.run(request, [&](std::string_view line) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    run.lines.emplace_back(line);
  });
  return run;
}

inline HandlerRun run_handler(const sys::HandlerRequest& request) {
  sys::HandlerProcess process;
  return run_handler(request, process);
}

inline sys::HandlerRequest request_for(std::string command, std::string_view input = {}) {
  sys::HandlerRequest request;
  request.command = std::move(command);
  request.input = bytes_of(input);
  request.output_most = 1 << 20;
  request.timeout = 60s;
  return request;
}

// The process id a sleeping helper wrote, once it is there (0 if it never
// comes within `within`).
inline unsigned long pid_from(const fs::path& file, std::chrono::milliseconds within = 30s) {
  const auto give_up = std::chrono::steady_clock::now() + within;
  while (!fs::exists(file)) {
    if (std::chrono::steady_clock::now() >= give_up) return 0;
    std::this_thread::sleep_for(20ms);
  }
  unsigned long pid = 0;
  std::ifstream(file) >> pid;
  return pid;
}

// Whether process `pid` has ended (or is gone) within `within`.
inline bool ended_within(unsigned long pid, std::chrono::milliseconds within) {
  const HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, pid);
  if (process == nullptr) return true;
  const bool ended =
      WaitForSingleObject(process, static_cast<DWORD>(within.count())) == WAIT_OBJECT_0;
  CloseHandle(process);
  return ended;
}

}  // namespace dgram::win32::test
