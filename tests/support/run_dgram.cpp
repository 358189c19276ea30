#include "support/run_dgram.hpp"

#include <gtest/gtest.h>

#include <charconv>

namespace dgram::test {

ProcessResult run_dgram(const std::vector<std::string>& args, std::string input,
                        std::chrono::milliseconds timeout) {
  Process process = Process::start(dgram_executable(), args, std::move(input));
  ProcessResult result = process.wait(timeout);
  EXPECT_FALSE(result.timed_out) << "dgram did not finish; stderr: " << result.err;
  return result;
}

RunningListener start_listener(const std::vector<std::string>& args) {
  std::vector<std::string> full{"listen", "0"};
  full.insert(full.end(), args.begin(), args.end());
  RunningListener listener{Process::start(dgram_executable(), full), 0};
  constexpr std::string_view marker = "listening on ";
  // 60 s: a busy machine, or Wine, can take that long to start a process;
  // a listener that starts returns at once.
  if (!listener.process.wait_for_stderr(marker, 60s)) {
    ProcessResult result = listener.process.wait(1s);
    ADD_FAILURE() << "dgram listen did not start; exit " << result.exit_code
                  << ", stderr: " << result.err;
    return listener;
  }
  // "dgram: listening on [::]:PORT (IPv4 and IPv6)" or "... 0.0.0.0:PORT"
  listener.process.wait_for_stderr("\n", 30s);
  const std::string err = listener.process.stderr_text();
  const std::size_t line_end = err.find('\n', err.find(marker));
  const std::string line = err.substr(0, line_end);
  const std::size_t colon = line.rfind(':');
  const std::size_t port_end = line.find(' ', colon);
  const std::string port_text = line.substr(
      colon + 1, port_end == std::string::npos ? std::string::npos : port_end - colon - 1);
  std::from_chars(port_text.data(), port_text.data() + port_text.size(), listener.port);
  EXPECT_NE(listener.port, 0) << "no port in: " << line;
  return listener;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

}  // namespace dgram::test
