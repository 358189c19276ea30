// Running the real dgram binary in end-to-end tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace dgram::test {

using namespace std::chrono_literals;

// Runs `dgram ARGS...` with `input` on stdin and waits for it to end (at
// most `timeout`: only a run that hangs reaches it, even on a busy machine).
ProcessResult run_dgram(const std::vector<std::string>& args, std::string input = {},
                        std::chrono::milliseconds timeout = 60s);

// A `dgram listen 0 ARGS...` that has bound and told its port.
struct RunningListener {
  Process process;
  std::uint16_t port = 0;
};

// Starts `dgram listen 0 ARGS...` and waits for its "listening on" line.
// Fails the test (port 0) when that line does not come.
RunningListener start_listener(const std::vector<std::string>& args);

// Lines of `text` without their endings.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace dgram::test
