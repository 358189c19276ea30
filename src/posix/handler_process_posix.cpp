// One handler run: /bin/sh -c COMMAND in a process group of its own, started
// with posix_spawn (safe beside other threads, unlike fork), its streams
// moved by handler_pipes_posix.cpp, the group killed at its end whatever the
// end was.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

#include "common/deadline.hpp"
#include "common/handler_process.hpp"
#include "posix/handler_pipes_posix.hpp"

extern char** environ;  // NOLINT: POSIX declares it nowhere

namespace dgram::sys {

namespace {

// What stop() and run() share.
struct RunControl {
  std::mutex mutex;
  bool stop_requested = false;
  pid_t running = 0;  // the shell (and its group's id) while stop() may kill it
};

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// dgram's environment with the request's variables set or replaced.
std::vector<std::string> handler_environment(const HandlerRequest& request) {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    entries.emplace_back(*entry);
  }
  for (const auto& [name, value] : request.environment) {
    const std::string prefix = name + '=';
    std::erase_if(entries, [&](const std::string& entry) { return entry.starts_with(prefix); });
    entries.push_back(prefix + value);
  }
  return entries;
}

// The attributes and descriptor moves of a handler's start: 0, or errno.
int prepare_spawn(posix_spawnattr_t& attributes, posix_spawn_file_actions_t& actions,
                  const posix::HandlerPipes& pipes) {
  // Its own process group: Ctrl+C at a terminal reaches dgram alone (which
  // then ends its handlers), and killpg reaches all the handler started.
  short flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
#ifdef __APPLE__
  flags |= POSIX_SPAWN_CLOEXEC_DEFAULT;  // pipes made without pipe2
#endif
  // An ignored signal stays ignored across exec: dgram ignores SIGPIPE, and
  // a handler must die of it as any program would.
  sigset_t defaults;
  sigemptyset(&defaults);
  for (const int signal_number : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGALRM}) {
    sigaddset(&defaults, signal_number);
  }
  sigset_t no_mask;
  sigemptyset(&no_mask);
  if (const int error = posix_spawnattr_setflags(&attributes, flags)) return error;
  if (const int error = posix_spawnattr_setpgroup(&attributes, 0)) return error;
  if (const int error = posix_spawnattr_setsigdefault(&attributes, &defaults)) return error;
  if (const int error = posix_spawnattr_setsigmask(&attributes, &no_mask)) return error;
  for (int stream = 0; stream < 3; ++stream) {
    // dup2 clears close-on-exec on the copy; every other descriptor of
    // dgram's is close-on-exec (its sockets, its self-pipe, these pipes).
    const int error = posix_spawn_file_actions_adddup2(&actions, pipes.child_end(stream), stream);
    if (error != 0) return error;
  }
  return 0;
}

// Starts the shell: 0 and `pid`, or errno (E2BIG, EAGAIN, ENOMEM, ...).
int spawn_shell(const std::string& command, const posix::HandlerPipes& pipes,
                std::vector<std::string>& environment, pid_t& pid) {
  std::vector<char*> environment_pointers;
  for (std::string& entry : environment) environment_pointers.push_back(entry.data());
  environment_pointers.push_back(nullptr);
  char arg0[] = "sh";
  char arg1[] = "-c";
  std::string script = command;
  char* const argv[] = {arg0, arg1, script.data(), nullptr};

  posix_spawnattr_t attributes;
  posix_spawn_file_actions_t actions;
  if (const int error = posix_spawnattr_init(&attributes)) return error;
  int error = posix_spawn_file_actions_init(&actions);
  if (error == 0) {
    error = prepare_spawn(attributes, actions, pipes);
    if (error == 0) {
      error =
          posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environment_pointers.data());
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  posix_spawnattr_destroy(&attributes);
  return error;
}

// A parent that left SIGCHLD ignored (an ignored signal stays so across
// exec) would have the kernel reap each shell as it ends, its status lost.
void keep_child_statuses() {
  struct sigaction current {};
  if (sigaction(SIGCHLD, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) {
    signal(SIGCHLD, SIG_DFL);
  }
}

// Whether the shell has ended, without reaping it: until it is reaped its
// pid, and so its group's id, cannot be given to another process, and
// killpg cannot reach a stranger.
bool has_ended(pid_t pid) {
  siginfo_t info{};
  for (;;) {
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0) {
      return info.si_pid == pid;
    }
    if (errno != EINTR) return true;  // not ours to wait for: nothing left to wait for
  }
}

int reap(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 0;
  }
  return status;
}

bool stop_requested(RunControl& state) {
  std::lock_guard lock(state.mutex);
  return state.stop_requested;
}

// Moves the streams until the run ends: standard output and error at their
// end and the shell ended (a background job that still writes is waited
// for), the deadline, or stop().
HandlerEnd follow(posix::HandlerPipes& pipes, pid_t pid, steady_clock::time_point deadline,
                  RunControl& state) {
  // How often a stop() that could not end the streams (a process outside
  // the group holds them) is looked for.
  constexpr milliseconds stop_check{100};
  auto pause = std::chrono::microseconds(100);
  for (;;) {
    if (stop_requested(state)) return HandlerEnd::stopped;
    const milliseconds left = milliseconds_left(deadline);
    if (left.count() == 0) return HandlerEnd::timed_out;
    if (pipes.open_streams()) {
      pipes.pump(static_cast<int>(std::min(left, stop_check).count()));
      continue;
    }
    if (has_ended(pid)) return HandlerEnd::exited;
    // The shell closed its streams but runs on: no descriptor to wait on.
    std::this_thread::sleep_for(std::min<std::chrono::microseconds>(pause, left));
    pause = std::min<std::chrono::microseconds>(pause * 2, milliseconds(20));
  }
}

// The shell's group killed and the shell reaped, on every way out of run().
class ShellGroup {
 public:
  ShellGroup(pid_t pid, RunControl& state) : pid_(pid), state_(state) {}
  ShellGroup(const ShellGroup&) = delete;
  ShellGroup& operator=(const ShellGroup&) = delete;
  ~ShellGroup() {
    if (pid_ > 0) end();
  }

  // The wait status; `stopped`: stop() had come by then.
  int end(bool* stopped = nullptr) {
    {
      std::lock_guard lock(state_.mutex);
      state_.running = 0;
      if (stopped != nullptr) *stopped = state_.stop_requested;
    }
    // What it left behind goes too (ESRCH: nothing did).
    killpg(pid_, SIGKILL);
    const int status = reap(pid_);
    pid_ = 0;
    return status;
  }

 private:
  pid_t pid_;
  RunControl& state_;
};

}  // namespace

struct HandlerProcess::State : RunControl {};

HandlerProcess::HandlerProcess() : state_(std::make_unique<State>()) {}

HandlerProcess::~HandlerProcess() = default;

void HandlerProcess::stop() {
  std::lock_guard lock(state_->mutex);
  state_->stop_requested = true;
  if (state_->running > 0) killpg(state_->running, SIGKILL);
}

HandlerResult HandlerProcess::run(const HandlerRequest& request, const ErrorLineSink& error_line) {
  HandlerResult result;
  result.end = HandlerEnd::stopped;
  if (stop_requested(*state_)) return result;
  keep_child_statuses();
  posix::HandlerPipes pipes(request.input, request.output_most, error_line);
  std::vector<std::string> environment = handler_environment(request);
  const auto start = steady_clock::now();
  int error = pipes.open();
  pid_t pid = 0;
  if (error == 0) {
    // Held from the start until the pid is stored: a stop() meanwhile is
    // seen here or kills the group.
    std::lock_guard lock(state_->mutex);
    if (state_->stop_requested) return result;
    error = spawn_shell(request.command, pipes, environment, pid);
    if (error == 0) state_->running = pid;
  }
  if (error != 0) {
    result.end = HandlerEnd::not_started;
    result.error = std::strerror(error);
    return result;
  }
  ShellGroup group(pid, *state_);
  pipes.started();
  const HandlerEnd end = follow(pipes, pid, start + request.timeout, *state_);
  bool stopped = false;
  const int status = group.end(&stopped);
  result.ran = steady_clock::now() - start;
  pipes.finish(result);
  result.end = end;
  result.code = 0;
  if (end != HandlerEnd::exited) return result;
  if (stopped && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
    result.end = HandlerEnd::stopped;  // stop()'s kill, seen as the end
  } else if (WIFSIGNALED(status)) {
    result.end = HandlerEnd::signalled;
    result.code = WTERMSIG(status);
  } else {
    result.code = WEXITSTATUS(status);
  }
  return result;
}

bool means_not_found(const HandlerResult& result) {
  return result.end == HandlerEnd::exited && result.code == 127;
}

std::string_view handler_shell() { return "/bin/sh -c"; }

}  // namespace dgram::sys
