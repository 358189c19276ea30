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
#include <optional>

#include "common/deadline.hpp"
#include "common/system.hpp"
#include "posix/interrupt_posix.hpp"
#include "posix/pipes_posix.hpp"
#include "posix/posix_error.hpp"

namespace dgram {
namespace {

volatile std::sig_atomic_t interrupt_flag = 0;
// The first signal that asked dgram to stop (posix::interrupt_signal).
volatile std::sig_atomic_t caught_signal = 0;
int wake_pipe[2] = {-1, -1};
// Whether the main thread has seen the interrupt (then every wait it starts
// checks the flag first or is bounded by write_bounded's own timer).
bool interrupt_seen = false;

extern "C" void on_interrupt_signal(int signal_number) {
  const int saved_errno = errno;  // the interrupted code may be about to read it
  // A read or write that was about to block when the signal came (after its
  // loop checked the flag, before the system call began) is not cut short by
  // this signal: a one-shot SIGALRM a second later does it. alarm() is
  // async-signal-safe; the main thread stops it once it sees the flag.
  if (interrupt_flag == 0) {
    alarm(1);
    caught_signal = signal_number;
  }
  interrupt_flag = 1;
  // The self-pipe wakes a poll() that started before the flag was set.
  const char byte = 1;
  [[maybe_unused]] const ssize_t ignored = write(wake_pipe[1], &byte, 1);
  errno = saved_errno;
}

// SIGALRM (alarm and setitimer share it) for `first`, then every `every`
// until stopped; zero stops it.
void set_kick(std::chrono::microseconds first, std::chrono::microseconds every) {
  auto to_timeval = [](std::chrono::microseconds us) {
    return timeval{static_cast<time_t>(us.count() / 1'000'000),
                   static_cast<suseconds_t>(us.count() % 1'000'000)};
  };
  const itimerval kick{to_timeval(every), to_timeval(first)};
  setitimer(ITIMER_REAL, &kick, nullptr);
}

void stop_kick() { set_kick({}, {}); }

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
// EAGAIN); false when an interrupt came first, or, once `give_up` is set,
// when it passed.
bool wait_until_ready(int fd, short events,
                      std::optional<std::chrono::steady_clock::time_point> give_up = {}) {
  using namespace std::chrono;
  pollfd fds[2] = {{fd, events, 0}, {wake_pipe[0], POLLIN, 0}};
  // The wake pipe stays readable after an interrupt: a bounded wait leaves it out.
  const nfds_t count = wake_pipe[0] >= 0 && !give_up ? 2 : 1;
  while (give_up || !sys::interrupt_requested()) {
    int timeout_ms = -1;
    if (give_up) {
      timeout_ms = wait_milliseconds(give_up);
      if (timeout_ms == 0) return false;
    }
    if (poll(fds, count, timeout_ms) > 0 && fds[0].revents != 0) return true;
  }
  return false;
}

// All of `bytes` to `fd` with write(2), going on where a partial write
// stopped; `written` counts what went out. Before an interrupt it waits as
// long as the reader makes it; once one came, the stream gets
// sys::grace_after_interrupt from the moment a write first saw it, enforced
// by a SIGALRM that runs only while write(2) does.
Status write_bounded(int fd, std::string_view bytes, std::size_t& written) {
  using namespace std::chrono;
  // One grace per standard stream, however many writes it takes: the
  // records' last flushes share the grace, and so does the summary.
  static std::optional<steady_clock::time_point> stream_give_up[3];
  std::optional<steady_clock::time_point> call_give_up;
  auto& give_up = fd >= 0 && fd <= 2 ? stream_give_up[fd] : call_give_up;
  written = 0;
  while (written < bytes.size()) {
    if (!give_up && sys::interrupt_requested()) {
      give_up = steady_clock::now() + sys::grace_after_interrupt;
    }
    if (give_up) {
      const auto left = duration_cast<microseconds>(*give_up - steady_clock::now());
      if (left.count() <= 0) return interrupted_error();
      // Repeats while write(2) lasts: a kick that came before the call
      // began would leave it blocked.
      set_kick(left, milliseconds(10));
    }
    const ssize_t wrote = write(fd, bytes.data() + written, bytes.size() - written);
    const int code = errno;
    if (give_up) stop_kick();
    if (wrote >= 0) {
      written += static_cast<std::size_t>(wrote);
    } else if (code == EAGAIN || code == EWOULDBLOCK) {
      // A non-blocking pipe from an event loop: wait until it drains (the
      // loop then checks the interrupt and the grace).
      wait_until_ready(fd, POLLOUT, give_up);
    } else if (code == EPIPE) {
      return Error{ErrorKind::output_closed, "the reader of the output went away"};
    } else if (code != EINTR) {
      return posix::errno_error(code, "cannot write the output");
    }
  }
  return {};
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

int posix::interrupt_signal() { return caught_signal; }

std::vector<std::string> sys::command_line(int argc, char** argv) {
  return std::vector<std::string>(argv, argv + argc);
}

sys::StandardStreams sys::claim_standard_streams() {
  StandardStreams streams;
  bool* const open_flags[] = {&streams.input, &streams.output, &streams.error};
  const auto is_closed = [](int fd) { return fcntl(fd, F_GETFD) == -1 && errno == EBADF; };
#ifdef __linux__
  // One poll for the three: Linux answers POLLNVAL for a closed descriptor
  // (macOS does not, with no events asked), and a descriptor it names is
  // asked again (an O_PATH one is open, yet POLLNVAL too). If poll fails (a
  // signal), a question for each.
  pollfd fds[] = {{STDIN_FILENO, 0, 0}, {STDOUT_FILENO, 0, 0}, {STDERR_FILENO, 0, 0}};
  const bool polled = poll(fds, 3, 0) >= 0;
#else
  const pollfd fds[3] = {};
  const bool polled = false;
#endif
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    const bool closed = (!polled || (fds[fd].revents & POLLNVAL) != 0) && is_closed(fd);
    if (!closed) continue;
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
  return write_bounded(fileno(file), bytes, written);
}

const char* sys::end_of_input_keys() { return "Ctrl+D"; }

void sys::write_diagnostic(std::FILE* file, std::string_view text) noexcept {
  // One write(2), bounded after an interrupt as the records are: stdio
  // would give up at the first EINTR, or wait for a reader for ever.
  std::fflush(file);
  std::size_t written = 0;
  [[maybe_unused]] const Status ignored = write_bounded(fileno(file), text, written);
}

bool sys::is_terminal(std::FILE* file) { return isatty(fileno(file)) != 0; }

void sys::install_interrupt_handler() {
  if (wake_pipe[0] != -1) return;
  // Without it, signals keep their default action.
  if (posix::make_pipe(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
  set_handler(SIGALRM, on_kick_signal);
  // SIGHUP: the terminal closed.
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    set_handler(signal_number, on_interrupt_signal);
  }
}

bool sys::interrupt_requested() {
  if (interrupt_flag == 0) return false;
  if (!interrupt_seen) {
    // The handler's alarm covered a call begun unaware of the interrupt;
    // from here on every wait knows of it.
    interrupt_seen = true;
    stop_kick();
  }
  return true;
}

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
