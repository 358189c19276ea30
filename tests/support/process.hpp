// A child process with pipes on stdin, stdout and stderr, for end-to-end tests
// that run the real dgram binary. One implementation per platform
// (process_posix.cpp, process_win32.cpp), picked by CMake like src/.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dgram::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when the child had to be killed (timed_out)
  bool timed_out = false;
  // POSIX: the signal the child died of (exit_code is then 128 + it, as a
  // shell reports it); 0 when it exited.
  int signal = 0;
  std::string out;
  std::string err;
};

class Process {
 public:
  // Starts `program` with `args` (UTF-8). `input` is written to the child's
  // stdin from a background thread, then stdin is closed.
  static Process start(const std::string& program, const std::vector<std::string>& args,
                       std::string input = {});

  // Windows only (process_win32.cpp): starts `program` the way a service or
  // a GUI program starts a tool, detached from any console
  // (DETACHED_PROCESS) and with no standard handles at all. Its stdout and
  // stderr read as empty.
  static Process start_detached(const std::string& program, const std::vector<std::string>& args);

  Process(Process&&) noexcept;
  Process& operator=(Process&&) noexcept;
  ~Process();  // kills the child if it still runs, joins the reader threads

  // True as soon as the child's stderr contains `needle`; false when the
  // timeout passes or the child exits without writing it.
  bool wait_for_stderr(std::string_view needle, std::chrono::milliseconds timeout);
  // Same for stdout.
  bool wait_for_stdout(std::string_view needle, std::chrono::milliseconds timeout);

  // What the child wrote so far.
  std::string stderr_text() const;
  std::string stdout_text() const;

  // SIGINT on POSIX; CTRL_BREAK_EVENT to the child's process group on Windows; under Wine,
  // which cannot deliver that, SIGINT to the child's Unix process (Wine makes it CTRL_C_EVENT).
  void interrupt();

  // Waits for the child to exit and for its pipes to drain. If it has not
  // exited after `timeout`, kills it and reports timed_out.
  ProcessResult wait(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  explicit Process(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Whether Ctrl+C (interrupt()) ended the child the way dgram must end
// then: exit 130 on Windows; on POSIX death by SIGINT itself, after its
// summary, which shells report as 130 (and bash takes for "stop the loop").
bool ended_by_interrupt(const ProcessResult& result);

// True for a Windows build running under Wine, which lacks some Windows
// behaviour (for example ICMP errors on unconnected sockets).
bool running_under_wine();

// Path of the dgram executable that sits beside the running test executable.
std::string dgram_executable();

}  // namespace dgram::test
