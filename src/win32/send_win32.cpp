// UdpSocket's sends on Windows: one datagram per call (Winsock has no
// sendmmsg), each whole or an error.
#include "win32/winsock_headers.hpp"

#include <algorithm>

#include "sockets_shared/endpoint_sockaddr.hpp"
#include "sockets_shared/whole_send.hpp"
#include "win32/socket_state_win32.hpp"
#include "win32/win32_error.hpp"

namespace dgram::net {

// SendMode::now_or_never: Windows has no retry to skip; its UDP sends do not
// wait for queue room in practice.
Status UdpSocket::send_to(std::span<const std::byte> payload, const Endpoint& to, SendMode) {
  sockaddr_storage storage;
  const int length = bsd::to_sockaddr(to, storage);
  const int sent =
      ::sendto(socket_of(handle_), reinterpret_cast<const char*>(payload.data()),
               static_cast<int>(payload.size()), 0, reinterpret_cast<sockaddr*>(&storage), length);
  if (sent == SOCKET_ERROR) return win32::last_winsock_error("send failed");
  return bsd::check_whole_send(sent, payload.size());
}

Status UdpSocket::send(std::span<const std::byte> payload, SendMode) {
  const int sent = ::send(socket_of(handle_), reinterpret_cast<const char*>(payload.data()),
                          static_cast<int>(payload.size()), 0);
  if (sent == SOCKET_ERROR) return win32::last_winsock_error("send failed");
  return bsd::check_whole_send(sent, payload.size());
}

// Winsock has no sendmmsg: one send per datagram.
Status UdpSocket::send_batch(std::span<const std::span<const std::byte>> datagrams,
                             std::size_t& sent_count) {
  sent_count = 0;
  for (const auto datagram : datagrams) {
    if (auto sent = send(datagram); !sent) return sent;
    ++sent_count;
  }
  return {};
}

// Winsock has no sendmmsg: one send per datagram, as send_to and send.
Status UdpSocket::send_batch_now(std::span<const std::span<const std::byte>> datagrams,
                                 const Endpoint* to, std::size_t& sent_count) {
  sent_count = 0;
  for (const auto datagram : datagrams) {
    auto sent = to != nullptr ? send_to(datagram, *to, SendMode::now_or_never)
                              : send(datagram, SendMode::now_or_never);
    if (!sent) return sent;
    ++sent_count;
  }
  return {};
}

// Nor send offload that Wine has (Windows 10 2004+ has UDP_SEND_MSG_SIZE,
// untested here, so unused): copies go one send each, a round per call.
Result<std::uint64_t> UdpSocket::send_copies(std::span<const std::byte> datagram,
                                             std::uint64_t most) {
  const std::uint64_t count = std::min<std::uint64_t>(most, batch_most);
  for (std::uint64_t i = 0; i < count; ++i) {
    if (auto sent = send(datagram); !sent) return sent.take_error();
  }
  return count;
}

}  // namespace dgram::net
