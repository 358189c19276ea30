// One run of the program `listen --exec` starts for a datagram: a command
// through the system shell (POSIX: /bin/sh -c; Windows: cmd.exe /d /s /c, so
// a .bat file is a handler) with the datagram on its standard input, what it
// writes to standard output kept as the reply, its standard error handed over
// line by line as it comes, for at most a time limit, after which it is
// killed with everything it started (POSIX: its own process group; Windows:
// a job object). Blocking: listen runs each on a worker thread of its own
// (listen/exec_pool.hpp). Implemented in src/posix/handler_process_posix.cpp
// and src/win32/handler_process_win32.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dgram::sys {

struct HandlerRequest {
  std::string command;  // UTF-8, as given to --exec; never holds the payload
  // Set (or replaced) on top of dgram's own environment; UTF-8.
  std::vector<std::pair<std::string, std::string>> environment;
  std::span<const std::byte> input;  // its standard input, closed after it
  std::size_t output_most = 0;       // standard output beyond this is read and dropped
  std::chrono::milliseconds timeout{10'000};
};

enum class HandlerEnd {
  exited,       // `code` is its exit status (Windows: the exit code)
  signalled,    // POSIX: a signal ended it; `code` is the signal's number
  timed_out,    // ran past the timeout: killed with everything it started
  stopped,      // stop() ended it (the user's interrupt)
  not_started,  // the shell itself could not be started: `error` says why
};

struct HandlerResult {
  HandlerEnd end = HandlerEnd::exited;
  int code = 0;
  std::vector<std::byte> output;   // standard output, at most output_most bytes
  bool output_over = false;        // it wrote more than output_most
  std::chrono::nanoseconds ran{};  // from its start to its end
  std::string error;               // not_started: the OS's reason
};

// Gets, on the thread that runs the handler, every line the handler writes
// to standard error, without its line end ("\n" or "\r\n"), as each line
// ends; a last line without an end comes at the end; a line longer than
// error_line_most comes in pieces of at most that many bytes.
using ErrorLineSink = std::function<void(std::string_view line)>;
inline constexpr std::size_t error_line_most = 4096;

class HandlerProcess {
 public:
  HandlerProcess();
  HandlerProcess(const HandlerProcess&) = delete;
  HandlerProcess& operator=(const HandlerProcess&) = delete;
  ~HandlerProcess();  // never while run() runs

  // Runs `request` to its end: the handler exited (and its standard output
  // and error reached their end, so that what it started in the background
  // and still writes is waited for), or its time ran out, or stop() came.
  // Whatever way it ends, nothing it started is left running or unreaped
  // and no handle or descriptor of it stays open. Once per object.
  HandlerResult run(const HandlerRequest& request, const ErrorLineSink& error_line);

  // From any thread, at any time (before, during or after run()): ends the
  // handler run() runs or is about to start, with everything it started;
  // run() then returns HandlerEnd::stopped soon (a run not yet started
  // starts nothing).
  void stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whether an exit status is the system shell's "command not found"
// (POSIX sh: 127; cmd.exe: 9009, "is not recognized as an internal or
// external command").
bool means_not_found(const HandlerResult& result);

// The shell that runs a handler, as the README and the errors name it:
// "/bin/sh -c", "cmd.exe /d /s /c".
std::string_view handler_shell();

}  // namespace dgram::sys
