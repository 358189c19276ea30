#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "common/deadline.hpp"
#include "common/system.hpp"
#include "posix/interrupt_posix.hpp"
#include "posix/posix_error.hpp"

namespace dgram {
namespace {

volatile std::sig_atomic_t interrupt_flag = 0;
int wake_pipe[2] = {-1, -1};
// After an interrupt, SIGALRM every 100 ms: a read or write that was about to
// block when the signal came (after its loop checked the flag, before the
// system call began) is cut short with EINTR by the next tick, so one signal
// always ends the program, whatever it waits for.
constexpr suseconds_t kick_interval_us = 100'000;

extern "C" void on_interrupt_signal(int) {
  const int saved_errno = errno;  // the interrupted code may be about to read it
  if (interrupt_flag == 0) {
    // A plain system call (setitimer is not on POSIX's async-signal-safe list
    // only because it predates it; it touches no user-space state).
    const itimerval kicks{{0, kick_interval_us}, {0, kick_interval_us}};
    setitimer(ITIMER_REAL, &kicks, nullptr);
  }
  interrupt_flag = 1;
  // The self-pipe wakes a poll() that started before the flag was set.
  const char byte = 1;
  [[maybe_unused]] const ssize_t ignored = write(wake_pipe[1], &byte, 1);
  errno = saved_errno;
}

// Its only job is to interrupt a blocked system call (no SA_RESTART).
extern "C" void on_kick_signal(int) {}

void set_handler(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  // No SA_RESTART: a read or write blocked on a pipe returns EINTR, so Ctrl+C
  // always ends the program, whatever it waits for.
  action.sa_flags = 0;
  sigemptyset(&action.sa_mask);
  sigaction(signal_number, &action, nullptr);
}

Error reason(int code) { return {ErrorKind::system, std::strerror(code)}; }

// Waits until `fd` is ready for `events` (a non-blocking descriptor that said
// EAGAIN); false when an interrupt came first.
bool wait_until_ready(int fd, short events) {
  pollfd fds[2] = {{fd, events, 0}, {wake_pipe[0], POLLIN, 0}};
  const nfds_t count = wake_pipe[0] >= 0 ? 2 : 1;
  while (!sys::interrupt_requested()) {
    if (poll(fds, count, -1) > 0 && fds[0].revents != 0) return true;
  }
  return false;
}

// read(2) that waits out a non-blocking descriptor (an event loop's pipe) and
// EINTR, but gives way to an interrupt.
Result<std::size_t> read_some(int fd, std::span<std::byte> buffer) {
  while (!sys::interrupt_requested()) {
    const ssize_t got = read(fd, buffer.data(), buffer.size());
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait_until_ready(fd, POLLIN);
    } else if (errno != EINTR) {
      return reason(errno);
    }
  }
  return interrupted_error();
}

}  // namespace

int posix::interrupt_wake_fd() { return wake_pipe[0]; }

std::vector<std::string> sys::command_line(int argc, char** argv) {
  return std::vector<std::string>(argv, argv + argc);
}

sys::StandardStreams sys::claim_standard_streams() {
  StandardStreams streams;
  bool* const open_flags[] = {&streams.input, &streams.output, &streams.error};
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    *open_flags[fd] = false;
    // The lowest free number is taken, so this lands on `fd` itself.
    const int null = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
    if (null >= 0 && null != fd) {
      dup2(null, fd);
      close(null);
    }
  }
  return streams;
}

void sys::prepare_console() {
  // A closed pipe must surface as EPIPE, which the listener handles quietly.
  signal(SIGPIPE, SIG_IGN);
}

Result<std::vector<std::byte>> sys::read_input(const std::optional<std::string>& path,
                                               std::size_t limit) {
  int fd = STDIN_FILENO;
  if (path) {
    fd = open(path->c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return reason(errno);
  }
  std::vector<std::byte> bytes;
  std::byte chunk[64 * 1024];
  Status failure;
  while (bytes.size() <= limit) {
    auto got = read_some(fd, chunk);
    if (!got) failure = got.take_error();
    if (!got || *got == 0) break;
    bytes.insert(bytes.end(), chunk, chunk + *got);
  }
  if (path) close(fd);
  if (!failure) return failure.take_error();
  return bytes;
}

Result<std::size_t> sys::read_stdin_some(std::span<std::byte> buffer) {
  return read_some(STDIN_FILENO, buffer);
}

Status sys::write_output(std::FILE* file, std::string_view bytes, std::size_t& written) {
  // write(2) rather than stdio: a write blocked on a full pipe must give way
  // to Ctrl+C (EINTR), and a partial write must go on where it stopped.
  std::fflush(file);
  const int fd = fileno(file);
  written = 0;
  while (written < bytes.size()) {
    const ssize_t wrote = write(fd, bytes.data() + written, bytes.size() - written);
    if (wrote >= 0) {
      written += static_cast<std::size_t>(wrote);
    } else if (errno == EINTR && interrupt_requested()) {
      // The signal itself, or one of the ticks that follow it while a write
      // still waits (on_interrupt_signal), cut it short.
      return interrupted_error();
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      // A non-blocking pipe from an event loop: wait until it drains.
      if (!wait_until_ready(fd, POLLOUT)) return interrupted_error();
    } else if (errno == EPIPE) {
      return Error{ErrorKind::output_closed, "the reader of the output went away"};
    } else if (errno != EINTR) {
      return posix::errno_error(errno, "cannot write the output");
    }
  }
  return {};
}

const char* sys::end_of_input_keys() { return "Ctrl+D"; }

void sys::write_diagnostic(std::FILE* file, std::string_view text) noexcept {
  // stderr has no buffer: one fwrite is one write(2).
  std::fwrite(text.data(), 1, text.size(), file);
  std::fflush(file);
}

bool sys::is_terminal(std::FILE* file) { return isatty(fileno(file)) != 0; }

void sys::install_interrupt_handler() {
  if (wake_pipe[0] != -1) return;
  if (pipe(wake_pipe) != 0) return;  // without it, signals keep their default action
  for (const int fd : wake_pipe) {
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  set_handler(SIGALRM, on_kick_signal);
  // SIGHUP: the terminal closed.
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    set_handler(signal_number, on_interrupt_signal);
  }
}

bool sys::interrupt_requested() { return interrupt_flag != 0; }

bool sys::pause_unless_interrupted(std::chrono::nanoseconds duration) {
  using namespace std::chrono;
  if (interrupt_requested()) return true;
  if (duration <= nanoseconds(0)) return false;
  if (duration < milliseconds(1) || wake_pipe[0] == -1) {
    // Short pauses (high --rate) need nanosleep's precision; a signal cuts
    // them short with EINTR.
    const auto whole = duration_cast<seconds>(duration);
    timespec pause{static_cast<time_t>(whole.count()),
                   static_cast<long>((duration - whole).count())};
    while (nanosleep(&pause, &pause) != 0 && errno == EINTR && !interrupt_requested()) {
    }
    return interrupt_requested();
  }
  // Longer pauses wait on the self-pipe, which also catches a signal that
  // came just before the wait began.
  pollfd wake{wake_pipe[0], POLLIN, 0};
  const auto deadline = steady_clock::now() + duration;
  while (!interrupt_requested()) {
    const milliseconds left = milliseconds_left(deadline);
    if (left.count() <= 0) break;
    poll(&wake, 1, static_cast<int>(left.count()));
  }
  return interrupt_requested();
}

}  // namespace dgram
