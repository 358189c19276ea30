// What the POSIX socket code shares: the descriptor behind a UdpSocket's
// handle, and how every send path retries, waits and finds its errors.
#pragma once

#include <sys/socket.h>

#include <cerrno>
#include <cstdint>

#include "common/error.hpp"
#include "common/net.hpp"
#include "common/result.hpp"
#include "common/system.hpp"
#include "posix/posix_error.hpp"

namespace dgram::net::posix_socket {

inline int fd_of(std::intptr_t handle) { return static_cast<int>(handle); }

// Sleeps a millisecond after a send found the device queue full (ENOBUFS);
// false once that has gone on for 5 s in all, when the error stands.
bool wait_for_queue_space(int& waits);

// The flags of a send in `mode`: now_or_never never blocks (MSG_DONTWAIT).
inline int send_flags(SendMode mode) { return mode == SendMode::now_or_never ? MSG_DONTWAIT : 0; }

// Runs `send` (a send system call) again while it fails with EINTR, unless
// the user interrupted, or with ENOBUFS, for a while (wait_for_queue_space),
// when `mode` may wait.
template <class Send>
auto retrying(SendMode mode, Send send) -> decltype(send()) {
  int waits = 0;
  while (true) {
    const auto result = send();
    if (result >= 0) return result;
    if (errno == EINTR && !sys::interrupt_requested()) continue;
    if (errno == ENOBUFS && mode == SendMode::may_wait && wait_for_queue_space(waits)) continue;
    return result;
  }
}

// Linux: the kernel also queues every ICMP error the socket receives
// (IP_RECVERR / IPV6_RECVERR), so that one sendmmsg dropped can still be read
// (lost_send_error), and says ENOBUFS when it drops a datagram because the
// device queue is full instead of claiming it was sent. Elsewhere a no-op.
Status report_every_error(int fd, Family family);

// An ICMP error (port unreachable, say) that arrived for a datagram of the
// batch just sent: send() would report it next time, so report it now.
Status pending_send_error(int fd);

// sendmmsg sent fewer messages than it was given: the next one failed, and
// sendmmsg drops that error when something went out before it (an ICMP port
// unreachable for an earlier datagram, say). Reports it from the queue of
// report_every_error, or else sends that message alone, whole, so that a
// lasting error shows.
Status after_short_batch(int fd, const msghdr& failed);

}  // namespace dgram::net::posix_socket
