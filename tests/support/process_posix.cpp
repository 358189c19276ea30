#include "process.hpp"

#include "captured_output.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <thread>
#include <utility>

extern char** environ;

namespace dgram::test {
namespace {

using Clock = std::chrono::steady_clock;
using Stream = CapturedOutput::Stream;

constexpr std::chrono::milliseconds kPollInterval{5};
// How long wait() keeps reading after the child is gone, at the least: a grandchild that inherited
// the pipes would otherwise keep them open, and the readers waiting, indefinitely.
constexpr std::chrono::milliseconds kDrainGrace{250};

[[noreturn]] void throw_errno(int error, const std::string& what) {
  throw std::system_error(error, std::generic_category(), what);
}

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// Moves `fd` above the standard descriptors so that the child's dup2 actions cannot overwrite one
// of our pipe ends before it is duplicated (possible only if the test runner closed 0, 1 or 2).
Fd above_stdio(Fd fd) {
  if (fd.get() > STDERR_FILENO) return fd;
  const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  if (moved < 0) throw_errno(errno, "fcntl(F_DUPFD_CLOEXEC)");
  return Fd(moved);
}

struct Pipe {
  Fd read;
  Fd write;
};

Pipe make_pipe() {
  int fds[2];
  // Close-on-exec, so that a child spawned concurrently by another thread does not inherit our ends
  // and hold them open.
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno(errno, "pipe2");
  Pipe pipe{Fd(fds[0]), Fd(fds[1])};
  pipe.read = above_stdio(std::move(pipe.read));
  pipe.write = above_stdio(std::move(pipe.write));
  return pipe;
}

// Our ends are non-blocking so that the pipe threads only ever block in poll(), where the cancel
// pipe can wake them.
void set_nonblocking(const Fd& fd) {
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) < 0) {
    throw_errno(errno, "fcntl(O_NONBLOCK)");
  }
}

// Returns false once `cancel_fd` is readable (its write end was closed).
bool wait_ready(int fd, short events, int cancel_fd) {
  pollfd fds[2] = {{fd, events, 0}, {cancel_fd, POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) >= 0) break;
    if (errno != EINTR) return false;
  }
  return fds[0].revents != 0 || fds[1].revents == 0;
}

class SpawnFileActions {
 public:
  SpawnFileActions() {
    if (const int rc = ::posix_spawn_file_actions_init(&actions_); rc != 0) {
      throw_errno(rc, "posix_spawn_file_actions_init");
    }
  }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;
  ~SpawnFileActions() { ::posix_spawn_file_actions_destroy(&actions_); }

  void dup2(const Fd& from, int to) {
    if (const int rc = ::posix_spawn_file_actions_adddup2(&actions_, from.get(), to); rc != 0) {
      throw_errno(rc, "posix_spawn_file_actions_adddup2");
    }
  }
  const posix_spawn_file_actions_t* get() const { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

class SpawnAttributes {
 public:
  SpawnAttributes() {
    if (const int rc = ::posix_spawnattr_init(&attr_); rc != 0) {
      throw_errno(rc, "posix_spawnattr_init");
    }
    // The child must see SIGINT and SIGPIPE as a normal program would, whatever the test runner
    // ignores or blocks; interrupt() relies on the default SIGINT disposition being reachable.
    sigset_t none;
    sigemptyset(&none);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGTERM);
    int rc = ::posix_spawnattr_setsigmask(&attr_, &none);
    if (rc == 0) rc = ::posix_spawnattr_setsigdefault(&attr_, &defaults);
    if (rc == 0) {
      rc = ::posix_spawnattr_setflags(&attr_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    }
    if (rc != 0) {
      ::posix_spawnattr_destroy(&attr_);
      throw_errno(rc, "posix_spawnattr");
    }
  }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  ~SpawnAttributes() { ::posix_spawnattr_destroy(&attr_); }

  const posix_spawnattr_t* get() const { return &attr_; }

 private:
  posix_spawnattr_t attr_;
};

}  // namespace

struct Process::Impl {
  pid_t pid = -1;
  bool reaped = false;
  bool waited = false;
  ProcessResult result;

  // Closing cancel_write wakes every pipe thread out of poll() so that it finishes.
  Fd cancel_read;
  Fd cancel_write;

  CapturedOutput output;

  std::thread writer;
  std::thread out_reader;
  std::thread err_reader;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  ~Impl() {
    if (pid > 0 && !reaped) {
      ::kill(pid, SIGKILL);
      int status = 0;
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    stop_threads();
  }

  void write_input(Fd fd, std::string input) {
    // A child that exits without reading its stdin makes write() raise SIGPIPE, which would kill
    // the whole test executable. Blocking it here confines the change to this thread and turns it
    // into EPIPE.
    sigset_t sigpipe;
    sigemptyset(&sigpipe);
    sigaddset(&sigpipe, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &sigpipe, nullptr);

    size_t offset = 0;
    bool broken = false;
    while (offset < input.size()) {
      const ssize_t n = ::write(fd.get(), input.data() + offset, input.size() - offset);
      if (n > 0) {
        offset += static_cast<size_t>(n);
      } else if (n < 0 && errno == EAGAIN) {
        if (!wait_ready(fd.get(), POLLOUT, cancel_read.get())) break;
      } else if (n < 0 && errno != EINTR) {
        broken = errno == EPIPE;
        break;
      }
    }
    if (broken) {
      // Consume the SIGPIPE left pending on this thread so it cannot surface anywhere else.
      const timespec zero{0, 0};
      while (::sigtimedwait(&sigpipe, nullptr, &zero) < 0 && errno == EINTR) {
      }
    }
  }

  void read_output(Fd fd, Stream stream) {
    char buffer[16384];
    for (;;) {
      const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
      if (n > 0) {
        output.append(stream, std::string_view(buffer, static_cast<size_t>(n)));
      } else if (n == 0) {
        break;
      } else if (errno == EAGAIN) {
        // Data still in the pipe is read before a cancellation is honoured, so nothing the child
        // wrote is lost when a grandchild keeps the pipe open.
        if (!wait_ready(fd.get(), POLLIN, cancel_read.get())) break;
      } else if (errno != EINTR) {
        break;
      }
    }
    output.close(stream);
  }

  void stop_threads() {
    cancel_write.reset();
    for (std::thread* thread : {&writer, &out_reader, &err_reader}) {
      if (thread->joinable()) thread->join();
    }
  }

  void drain(Clock::time_point until) {
    output.wait_until_closed(until);
    stop_threads();
  }
};

Process Process::start(const std::string& program, const std::vector<std::string>& args,
                       std::string input) {
  auto impl = std::make_unique<Impl>();

  Pipe in = make_pipe();
  Pipe out = make_pipe();
  Pipe err = make_pipe();
  Pipe cancel = make_pipe();
  set_nonblocking(in.write);
  set_nonblocking(out.read);
  set_nonblocking(err.read);

  SpawnFileActions actions;
  actions.dup2(in.read, STDIN_FILENO);
  actions.dup2(out.write, STDOUT_FILENO);
  actions.dup2(err.write, STDERR_FILENO);
  SpawnAttributes attributes;

  std::vector<char*> argv;
  argv.reserve(args.size() + 2);
  // posix_spawn takes non-const pointers for historical reasons only; it does not modify them.
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  pid_t pid = -1;
  if (const int rc = ::posix_spawnp(&pid, program.c_str(), actions.get(), attributes.get(),
                                    argv.data(), environ);
      rc != 0) {
    throw_errno(rc, "posix_spawn " + program);
  }
  impl->pid = pid;

  // Only the child may hold the write ends of stdout/stderr, or the readers would never see EOF.
  in.read.reset();
  out.write.reset();
  err.write.reset();

  Impl& state = *impl;
  state.cancel_read = std::move(cancel.read);
  state.cancel_write = std::move(cancel.write);
  state.writer = std::thread(
      [&state](Fd fd, std::string data) { state.write_input(std::move(fd), std::move(data)); },
      std::move(in.write), std::move(input));
  state.out_reader = std::thread([&state](Fd fd) { state.read_output(std::move(fd), Stream::out); },
                                 std::move(out.read));
  state.err_reader = std::thread([&state](Fd fd) { state.read_output(std::move(fd), Stream::err); },
                                 std::move(err.read));
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
  // Until it is reaped the pid cannot be reused, so this never signals an unrelated process.
  if (!impl_->reaped) ::kill(impl_->pid, SIGINT);
}

ProcessResult Process::wait(std::chrono::milliseconds timeout) {
  Impl& state = *impl_;
  if (state.waited) return state.result;

  const Clock::time_point deadline = Clock::now() + timeout;
  int status = 0;
  bool timed_out = false;
  for (;;) {
    const pid_t rc = ::waitpid(state.pid, &status, WNOHANG);
    if (rc == state.pid) break;
    if (rc < 0 && errno != EINTR) throw_errno(errno, "waitpid");
    if (Clock::now() >= deadline) {
      ::kill(state.pid, SIGKILL);
      while (::waitpid(state.pid, &status, 0) < 0) {
        if (errno != EINTR) throw_errno(errno, "waitpid");
      }
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  state.reaped = true;
  state.drain(std::max(deadline, Clock::now() + kDrainGrace));

  ProcessResult result;
  result.timed_out = timed_out;
  if (timed_out) {
    result.exit_code = -1;
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
    result.signal = WTERMSIG(status);
  }
  result.out = state.output.text(Stream::out);
  result.err = state.output.text(Stream::err);
  state.result = result;
  state.waited = true;
  return result;
}

bool ended_by_interrupt(const ProcessResult& result) { return result.signal == SIGINT; }

bool running_under_wine() { return false; }

std::string dgram_executable() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw std::system_error(error, "read_symlink(/proc/self/exe)");
  return (self.parent_path() / "dgram").string();
}

}  // namespace dgram::test
