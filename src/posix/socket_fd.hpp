// What the POSIX socket code shares: the descriptor behind a UdpSocket's
// handle, and the errors every send path reports the same way.
#pragma once

#include <sys/socket.h>

#include <cstdint>

#include "common/error.hpp"
#include "common/result.hpp"
#include "posix/posix_error.hpp"

namespace dgram::net::posix_socket {

inline int fd_of(std::intptr_t handle) { return static_cast<int>(handle); }

inline Error interrupted_error() { return {ErrorKind::interrupted, "interrupted"}; }

// An ICMP error (port unreachable, say) that arrived for a datagram of the
// batch just sent: send() would report it next time, so report it now.
inline Status pending_send_error(int fd) {
  int pending = 0;
  socklen_t length = sizeof pending;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &pending, &length) == 0 && pending != 0) {
    return posix::errno_error(pending, "send failed");
  }
  return {};
}

// sendmmsg sent fewer messages than it was given: the next one failed, and
// sendmmsg drops that error when something went out before it (an ICMP port
// unreachable that a datagram on loopback draws at once, say). Sends that
// message alone so that a lasting error shows; returns the bytes it took.
inline Result<long long> send_alone(int fd, const msghdr& message) {
  const ssize_t sent = ::sendmsg(fd, &message, 0);
  if (sent < 0) return posix::last_error("send failed");
  return static_cast<long long>(sent);
}

}  // namespace dgram::net::posix_socket
