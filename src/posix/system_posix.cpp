#include <fcntl.h>
#include <signal.h>
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

}  // namespace

int posix::interrupt_wake_fd() { return wake_pipe[0]; }

std::vector<std::string> sys::command_line(int argc, char** argv) {
  return std::vector<std::string>(argv, argv + argc);
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
  while (bytes.size() <= limit) {
    const ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) failure = errno;
    if (got <= 0) break;
    bytes.insert(bytes.end(), chunk, chunk + got);
  }
  if (path) close(fd);
  if (failure != 0) return reason(failure);
  return bytes;
}

Result<std::size_t> sys::read_stdin_some(std::span<std::byte> buffer) {
  while (true) {
    const ssize_t got = read(STDIN_FILENO, buffer.data(), buffer.size());
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) return reason(errno);
  }
}

Status sys::write_output(std::FILE* file, std::string_view bytes) {
  errno = 0;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() && std::fflush(file) == 0) {
    return {};
  }
  const int code = errno;
  std::clearerr(file);
  if (code == EPIPE) return Error{ErrorKind::output_closed, "the reader of the output went away"};
  return posix::errno_error(code, "cannot write the output");
}

void sys::install_interrupt_handler() {
  if (wake_pipe[0] != -1) return;
  if (pipe(wake_pipe) != 0) return;  // without it, signals keep their default action
  for (const int fd : wake_pipe) {
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  struct sigaction action {};
  action.sa_handler = on_interrupt_signal;
  // Restarted, a blocked write to stdout finishes instead of failing with
  // EINTR; poll() is never restarted, and the self-pipe wakes it anyway.
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool sys::interrupt_requested() { return interrupt_flag != 0; }

// SIGINT's default action already ends the process, and shells report a
// process killed by SIGINT as exit code 130.
void sys::exit_on_interrupt() {}

}  // namespace dgram
