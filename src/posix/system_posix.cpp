#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "common/system.hpp"
#include "posix/interrupt_posix.hpp"
#include "posix/posix_error.hpp"

namespace dgram {
namespace {

volatile std::sig_atomic_t interrupt_flag = 0;
int wake_pipe[2] = {-1, -1};

extern "C" void on_interrupt_signal(int) {
  const int saved_errno = errno;  // the interrupted code may be about to read it
  interrupt_flag = 1;
  // The self-pipe wakes a poll() that started before the flag was set.
  const char byte = 1;
  [[maybe_unused]] const ssize_t ignored = write(wake_pipe[1], &byte, 1);
  errno = saved_errno;
}

Error reason(int code) { return {ErrorKind::system, std::strerror(code)}; }

Error interrupted() { return {ErrorKind::interrupted, "interrupted"}; }

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
  int failure = 0;
  while (bytes.size() <= limit && !interrupt_requested()) {
    const ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;  // the loop head sees an interrupt
    if (got < 0) failure = errno;
    if (got <= 0) break;
    bytes.insert(bytes.end(), chunk, chunk + got);
  }
  if (path) close(fd);
  if (interrupt_requested()) return interrupted();
  if (failure != 0) return reason(failure);
  return bytes;
}

Result<std::size_t> sys::read_stdin_some(std::span<std::byte> buffer) {
  while (!interrupt_requested()) {
    const ssize_t got = read(STDIN_FILENO, buffer.data(), buffer.size());
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) return reason(errno);
  }
  return interrupted();
}

Status sys::write_output(std::FILE* file, std::string_view bytes) {
  // write(2) rather than stdio: a write blocked on a full pipe must give way
  // to Ctrl+C (EINTR), and a partial write must go on where it stopped.
  std::fflush(file);
  const int fd = fileno(file);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = write(fd, bytes.data() + done, bytes.size() - done);
    if (wrote >= 0) {
      done += static_cast<std::size_t>(wrote);
      continue;
    }
    if (errno == EINTR && !interrupt_requested()) continue;
    if (errno == EINTR) return interrupted();
    if (errno == EPIPE)
      return Error{ErrorKind::output_closed, "the reader of the output went away"};
    return posix::errno_error(errno, "cannot write the output");
  }
  return {};
}

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
  struct sigaction action {};
  action.sa_handler = on_interrupt_signal;
  // No SA_RESTART: a read or write blocked on a pipe returns EINTR, so Ctrl+C
  // always ends the program, whatever it waits for.
  action.sa_flags = 0;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
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
    const auto left = ceil<milliseconds>(deadline - steady_clock::now());
    if (left.count() <= 0) break;
    poll(&wake, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1 << 30)));
  }
  return interrupt_requested();
}

}  // namespace dgram
