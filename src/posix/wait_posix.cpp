// net::wait on POSIX: one poll over the sockets, standard input, stdout (for
// its reader going away) and the interrupt's self-pipe.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "common/deadline.hpp"
#include "common/system.hpp"
#include "common/wait.hpp"
#include "posix/interrupt_posix.hpp"
#include "posix/posix_error.hpp"
#include "posix/send_errors.hpp"
#include "posix/socket_state.hpp"

namespace dgram::net {
namespace {

using Clock = std::chrono::steady_clock;

int poll_ms(std::optional<Clock::time_point> deadline) { return wait_milliseconds(deadline); }

}  // namespace

Status wait(std::span<UdpSocket* const> sockets, bool watch_input, bool watch_output,
            std::optional<Clock::time_point> deadline, WaitResult& result) {
  result.readable.clear();
  result.refused.clear();
  result.input = false;
  result.output_closed = false;
  std::vector<pollfd> fds;
  fds.reserve(sockets.size() + 3);
  for (const UdpSocket* socket : sockets) {
    fds.push_back({posix_socket::fd_of(socket->handle_), POLLIN, 0});
  }
  const std::size_t input_at = fds.size();
  if (watch_input) fds.push_back({STDIN_FILENO, POLLIN, 0});
  const std::size_t output_at = fds.size();
  // No events asked: poll still reports POLLERR for a pipe whose reader
  // closed, and POLLHUP for a terminal that hung up.
  if (watch_output) fds.push_back({STDOUT_FILENO, 0, 0});
  const int wake = posix::interrupt_wake_fd();
  if (wake >= 0) fds.push_back({wake, POLLIN, 0});
  while (true) {
    if (sys::interrupt_requested()) return interrupted_error();
    // Datagrams an earlier read left over are there without a wait, but
    // what else is ready too is not passed over.
    bool left_over = false;
    for (const UdpSocket* socket : sockets) left_over |= socket->os_->received.has_datagrams();
    const int ready =
        poll(fds.data(), static_cast<nfds_t>(fds.size()), left_over ? 0 : poll_ms(deadline));
    if (ready < 0 && errno != EINTR) return posix::last_error("waiting for a datagram failed");
    if (sys::interrupt_requested()) return interrupted_error();
    if (ready < 0) continue;  // another signal
    for (std::size_t i = 0; i < sockets.size(); ++i) {
      if (fds[i].revents != 0 || sockets[i]->os_->received.has_datagrams()) {
        result.readable.push_back(i);
      }
    }
    result.input = watch_input && fds[input_at].revents != 0;
    result.output_closed =
        watch_output && (fds[output_at].revents & (POLLERR | POLLHUP | POLLNVAL)) != 0;
    if (result.woke()) return {};
    if (deadline && Clock::now() >= *deadline) return {};
  }
}

}  // namespace dgram::net
