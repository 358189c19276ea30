// What the tests of `listen --exec` share: the test handler program beside
// dgram (tests/tools/exec_handler_tool.cpp), quoted for the system shell,
// fresh directories for what handlers leave, the JSON summary.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "support/process.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {

inline bool windows_build() { return dgram_executable().ends_with(".exe"); }

// The test handler's path, beside dgram.
inline std::string handler_tool() {
  const std::string dgram = dgram_executable();
  const std::size_t slash = dgram.find_last_of("\\/");
  return dgram.substr(0, slash + 1) + "exec_handler_tool" + (windows_build() ? ".exe" : "");
}

// `"TOOL" ARGS` as the system shell reads it (cmd.exe: double quotes).
inline std::string tool_command(const std::string& args) {
  const char quote = windows_build() ? '"' : '\'';
  return quote + handler_tool() + quote + " " + args;
}

// A directory of its own for one test, empty.
inline std::filesystem::path fresh_directory(const std::string& name) {
  static std::atomic<int> counter{0};
  const auto path = std::filesystem::temp_directory_path() /
                    ("dgram-exec-" + name + "-" +
                     std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
                     "-" + std::to_string(counter++));
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

// The --summary json object: the last line of stderr that is one.
inline nlohmann::json json_summary(const std::string& err) {
  const auto lines = lines_of(err);
  for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
    if (line->starts_with("{")) return nlohmann::json::parse(*line);
  }
  ADD_FAILURE() << "no JSON summary in: " << err;
  return nlohmann::json::object();
}

// A file's whole text ("" when it cannot be read). (C stdio: GCC's
// -Wnull-dereference fires inside <fstream>'s reads.)
inline std::string file_text(const std::filesystem::path& path) {
  std::string text;
  std::FILE* file = std::fopen(path.string().c_str(), "rb");
  if (file == nullptr) return text;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, got);
  std::fclose(file);
  return text;
}

// Waits (bounded) for a file a handler writes; its text, or "" after `most`.
inline std::string wait_for_file(const std::filesystem::path& path,
                                 std::chrono::milliseconds most = std::chrono::seconds(60)) {
  const auto until = std::chrono::steady_clock::now() + most;
  while (std::chrono::steady_clock::now() < until) {
    if (std::filesystem::exists(path)) return file_text(path);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return {};
}

// Whether process `pid` still runs (asked of the test handler, which knows
// how on each OS); a killed one may take a moment to go, so a running one is
// asked again for up to `most`.
inline bool still_running(const std::string& pid,
                          std::chrono::milliseconds most = std::chrono::seconds(10)) {
  const auto until = std::chrono::steady_clock::now() + most;
  while (true) {
    auto asked = Process::start(handler_tool(), {"alive", pid}).wait(std::chrono::seconds(60));
    if (asked.exit_code != 0) return false;
    if (std::chrono::steady_clock::now() >= until) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace dgram::test
