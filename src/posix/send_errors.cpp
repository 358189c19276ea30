#include "posix/send_errors.hpp"

#include <netinet/in.h>
#if defined(__linux__) && !defined(DGRAM_PORTABLE)
#include <linux/errqueue.h>
#endif

#include <cstring>
#include <ctime>
#include <optional>

#include "sockets_shared/whole_send.hpp"

namespace dgram::net::posix_socket {
namespace {

// The errno of the oldest ICMP error queued for the socket, taken off the
// queue; nothing when none is queued.
std::optional<int> queued_icmp_error(int fd) {
#if defined(__linux__) && !defined(DGRAM_PORTABLE)
  char data[1];
  iovec piece{data, sizeof data};
  alignas(cmsghdr) char control[512];
  msghdr message{};
  message.msg_iov = &piece;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  if (::recvmsg(fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) return std::nullopt;
  for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
       header = CMSG_NXTHDR(&message, header)) {
    if ((header->cmsg_level == SOL_IP && header->cmsg_type == IP_RECVERR) ||
        (header->cmsg_level == SOL_IPV6 && header->cmsg_type == IPV6_RECVERR)) {
      sock_extended_err error;
      std::memcpy(&error, CMSG_DATA(header), sizeof error);
      if (error.ee_errno != 0) return static_cast<int>(error.ee_errno);
    }
  }
#else
  (void)fd;
#endif
  return std::nullopt;
}

}  // namespace

bool wait_for_queue_space(int& waits) {
  constexpr int most_waits = 5000;
  if (waits++ >= most_waits || sys::interrupt_requested()) return false;
  const timespec millisecond{0, 1'000'000};
  nanosleep(&millisecond, nullptr);
  return true;
}

Status report_every_error(int fd, Family family) {
#if defined(__linux__) && !defined(DGRAM_PORTABLE)
  const int on = 1;
  const bool v6 = family == Family::ipv6;
  if (setsockopt(fd, v6 ? SOL_IPV6 : SOL_IP, v6 ? IPV6_RECVERR : IP_RECVERR, &on, sizeof on) != 0) {
    return posix::last_error(v6 ? "IPV6_RECVERR" : "IP_RECVERR");
  }
#else
  (void)fd;
  (void)family;
#endif
  return {};
}

Status pending_send_error(int fd) {
  int pending = 0;
  socklen_t length = sizeof pending;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &pending, &length) == 0 && pending != 0) {
    return posix::errno_error(pending, "send failed");
  }
  return {};
}

Status after_short_batch(int fd, const msghdr& failed) {
  if (const auto code = queued_icmp_error(fd)) return posix::errno_error(*code, "send failed");
  const ssize_t sent = retrying(SendMode::may_wait, [&] { return ::sendmsg(fd, &failed, 0); });
  if (sent < 0) return posix::last_error("send failed");
  std::size_t size = 0;
  for (std::size_t i = 0; i < failed.msg_iovlen; ++i) size += failed.msg_iov[i].iov_len;
  return bsd::check_whole_send(sent, size);
}

}  // namespace dgram::net::posix_socket
