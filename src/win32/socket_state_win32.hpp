// UdpSocket::OsState on Windows, shared by the files that implement
// UdpSocket there (udp_socket, send, receive): no offload and no drop
// counts, only the buffer receive_batch reads into.
#pragma once

#include "win32/winsock_headers.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/net.hpp"

namespace dgram::net {

inline SOCKET socket_of(std::intptr_t handle) { return static_cast<SOCKET>(handle); }

struct UdpSocket::OsState {
  std::unique_ptr<std::byte[]> receive_buffer;  // max_datagram_size, made on first use
  // WSARecvMsg, once enable_destination_address turned on IP_PKTINFO /
  // IPV6_PKTINFO: each read then tells where its datagram was sent.
  LPFN_WSARECVMSG receive_message = nullptr;
};

}  // namespace dgram::net
