// UdpSocket::send_batch_now on POSIX: sendmmsg on Linux, never waiting; one
// send per datagram elsewhere and in the portable build.
#include <sys/socket.h>

#include <algorithm>

#include "common/net.hpp"
#include "posix/posix_error.hpp"
#include "posix/send_errors.hpp"
#include "posix/socket_state.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"
#include "sockets_shared/whole_send.hpp"

namespace dgram::net {

Status UdpSocket::send_batch_now(std::span<const std::span<const std::byte>> datagrams,
                                 const Endpoint* to, std::size_t& sent_count) {
  sent_count = 0;
#if defined(__linux__) && !defined(DGRAM_PORTABLE)
  sockaddr_storage storage;
  const int length = to != nullptr ? bsd::to_sockaddr(*to, storage) : 0;
  mmsghdr messages[batch_most];
  iovec pieces[batch_most];
  while (!datagrams.empty()) {
    const std::size_t count = std::min(batch_most, datagrams.size());
    for (std::size_t i = 0; i < count; ++i) {
      pieces[i] = {const_cast<std::byte*>(datagrams[i].data()), datagrams[i].size()};
      messages[i] = {};
      messages[i].msg_hdr.msg_iov = &pieces[i];
      messages[i].msg_hdr.msg_iovlen = 1;
      if (to != nullptr) {
        messages[i].msg_hdr.msg_name = &storage;
        messages[i].msg_hdr.msg_namelen = static_cast<socklen_t>(length);
      }
    }
    // sendmmsg drops the error of a message that failed after others went
    // out: the next round starts with that message, so that an error that
    // lasts (a full queue) is reported as its own.
    const int sent = posix_socket::retrying(SendMode::now_or_never, [&] {
      return ::sendmmsg(posix_socket::fd_of(handle_), messages, static_cast<unsigned>(count),
                        posix_socket::send_flags(SendMode::now_or_never));
    });
    if (sent < 0) return posix::last_error("send failed");
    for (std::size_t i = 0; i < static_cast<std::size_t>(sent); ++i) {
      if (auto whole = bsd::check_whole_send(messages[i].msg_len, datagrams[i].size()); !whole) {
        return whole;
      }
      ++sent_count;
    }
    datagrams = datagrams.subspan(static_cast<std::size_t>(sent));
  }
  return {};
#else
  for (const auto datagram : datagrams) {
    auto sent = to != nullptr ? send_to(datagram, *to, SendMode::now_or_never)
                              : send(datagram, SendMode::now_or_never);
    if (!sent) return sent;
    ++sent_count;
  }
  return {};
#endif
}

}  // namespace dgram::net
