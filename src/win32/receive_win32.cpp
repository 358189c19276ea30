// UdpSocket's receives on Windows: one datagram per call (no recvmmsg),
// read into a buffer of the protocol's maximum so its true size is known;
// with WSARecvMsg once a capture asked where each datagram was sent.
#include "win32/winsock_headers.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <optional>

#include "common/limits.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"
#include "win32/socket_state_win32.hpp"
#include "win32/win32_error.hpp"

namespace dgram::net {
namespace {

// The destination address a control message of WSARecvMsg holds, if any.
std::optional<Endpoint> destination_of(const WSACMSGHDR& header) {
  Endpoint to;
  if (header.cmsg_level == IPPROTO_IP && header.cmsg_type == IP_PKTINFO) {
    IN_PKTINFO info{};
    std::memcpy(&info, WSA_CMSG_DATA(&header), sizeof info);
    to.family = Family::ipv4;
    std::memcpy(to.address.data(), &info.ipi_addr, 4);
    return to;
  }
  if (header.cmsg_level == IPPROTO_IPV6 && header.cmsg_type == IPV6_PKTINFO) {
    IN6_PKTINFO info{};
    std::memcpy(&info, WSA_CMSG_DATA(&header), sizeof info);
    to.family = Family::ipv6;
    std::memcpy(to.address.data(), &info.ipi6_addr, 16);
    return to;
  }
  return std::nullopt;
}

// recvfrom, or WSARecvMsg with the destination; the byte count or SOCKET_ERROR.
int read_datagram(SOCKET socket, LPFN_WSARECVMSG receive_message, std::span<std::byte> buffer,
                  sockaddr_storage& sender, std::optional<Endpoint>& to) {
  if (receive_message == nullptr) {
    int length = sizeof sender;
    return ::recvfrom(socket, reinterpret_cast<char*>(buffer.data()),
                      static_cast<int>(buffer.size()), 0, reinterpret_cast<sockaddr*>(&sender),
                      &length);
  }
  WSABUF data{static_cast<ULONG>(buffer.size()), reinterpret_cast<char*>(buffer.data())};
  alignas(WSACMSGHDR) char
      control[WSA_CMSG_SPACE(sizeof(IN6_PKTINFO)) + WSA_CMSG_SPACE(sizeof(IN_PKTINFO))] = {};
  WSAMSG message{};
  message.name = reinterpret_cast<sockaddr*>(&sender);
  message.namelen = sizeof sender;
  message.lpBuffers = &data;
  message.dwBufferCount = 1;
  message.Control.len = sizeof control;
  message.Control.buf = control;
  DWORD got = 0;
  if (receive_message(socket, &message, &got, nullptr, nullptr) == SOCKET_ERROR) {
    return SOCKET_ERROR;
  }
  for (WSACMSGHDR* header = WSA_CMSG_FIRSTHDR(&message); header != nullptr;
       header = WSA_CMSG_NXTHDR(&message, header)) {
    if (auto found = destination_of(*header)) to = found;
  }
  return static_cast<int>(got);
}

}  // namespace

// Nor recvmmsg: one datagram per call.
// One datagram per read: nothing is ever left over.
bool UdpSocket::has_read_ahead() const { return false; }

Result<std::size_t> UdpSocket::receive_batch(std::span<ReceivedDatagram> datagrams) {
  if (datagrams.empty()) return std::size_t{0};
  if (!os_->receive_buffer) os_->receive_buffer.reset(new std::byte[max_datagram_size]);
  const std::span<std::byte> buffer(os_->receive_buffer.get(), max_datagram_size);
  auto received = receive_from(buffer);
  if (!received) return received.take_error();
  datagrams[0].bytes = buffer.first(std::min(received->size, buffer.size()));
  datagrams[0].received = *received;
  return std::size_t{1};
}

Result<Received> UdpSocket::receive_from(std::span<std::byte> buffer) {
  assert(buffer.size() >= max_datagram_size);  // the true-size promise rests on it
  sockaddr_storage storage{};
  Received received;
  const int got =
      read_datagram(socket_of(handle_), os_->receive_message, buffer, storage, received.to);
  if (got == SOCKET_ERROR) {
    const int code = WSAGetLastError();
    // Winsock fills the buffer and fails with WSAEMSGSIZE when the datagram
    // is bigger; the true size is then unknown but at least the buffer's.
    if (code != WSAEMSGSIZE) return win32::winsock_error(code, "receive failed");
    received.size = buffer.size();
  } else {
    received.size = static_cast<std::size_t>(got);
  }
  if (!bsd::from_sockaddr(reinterpret_cast<sockaddr*>(&storage), received.from)) {
    return bsd::unrepresentable_sender();
  }
  return received;
}

}  // namespace dgram::net
