// Running a handler in a test (handler_process*_posix_test.cpp): the result
// and every standard error line it handed over.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/handler_process.hpp"

namespace dgram::test {

struct HandlerRun {
  sys::HandlerResult result;
  std::vector<std::string> error_lines;
  std::string output() const {
    return {reinterpret_cast<const char*>(result.output.data()), result.output.size()};
  }
};

inline sys::HandlerRequest handler_request(std::string command, std::string_view input = {}) {
  sys::HandlerRequest request;
  request.command = std::move(command);
  request.input = std::as_bytes(std::span(input.data(), input.size()));
  request.output_most = 65'507;
  request.timeout = std::chrono::seconds(60);  // a bound for a hang only
  return request;
}

inline HandlerRun run_handler(const sys::HandlerRequest& request) {
  // As dgram does (sys::prepare_console): a handler that stops reading is
  // EPIPE, not the end of the process.
  signal(SIGPIPE, SIG_IGN);
  HandlerRun run;
  sys::HandlerProcess process;
  run.result =
      process.run(request, [&](std::string_view line) { run.error_lines.emplace_back(line); });
  return run;
}

inline HandlerRun run_handler(std::string command, std::string_view input = {}) {
  return run_handler(handler_request(std::move(command), input));
}

// Whether process `pid` ends within 10 s: gone, or a zombie left to an init
// that does not reap (some containers' first process).
inline bool process_ends(pid_t pid) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < give_up) {
    if (kill(pid, 0) != 0 && errno == ESRCH) return true;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string pid_field, name, state;
    if (stat >> pid_field >> name >> state && state == "Z") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace dgram::test
