#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "common/system.hpp"
#include "posix/interrupt_posix.hpp"

namespace dgram {
namespace {

volatile std::sig_atomic_t interrupt_flag = 0;
int wake_pipe[2] = {-1, -1};

extern "C" void on_interrupt_signal(int) {
  interrupt_flag = 1;
  // The self-pipe wakes a poll() that started before the flag was set.
  const char byte = 1;
  [[maybe_unused]] const ssize_t ignored = write(wake_pipe[1], &byte, 1);
}

}  // namespace

int posix::interrupt_wake_fd() { return wake_pipe[0]; }

std::vector<std::string> sys::command_line(int argc, char** argv) {
  return std::vector<std::string>(argv, argv + argc);
}

void sys::prepare_console() {
  // A closed pipe must surface as a write error the listener handles quietly.
  signal(SIGPIPE, SIG_IGN);
}

std::FILE* sys::open_file(const std::string& path, const char* mode) {
  return std::fopen(path.c_str(), mode);
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
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool sys::interrupt_requested() { return interrupt_flag != 0; }

}  // namespace dgram
