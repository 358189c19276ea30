// UdpSocket's receives on Windows: one datagram per call (no recvmmsg),
// read into a buffer of the protocol's maximum so its true size is known.
#include "win32/winsock_headers.hpp"

#include <algorithm>
#include <cassert>

#include "common/limits.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"
#include "win32/socket_state_win32.hpp"
#include "win32/win32_error.hpp"

namespace dgram::net {

// Nor recvmmsg: one datagram per call.
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
  int length = sizeof storage;
  const int got = ::recvfrom(socket_of(handle_), reinterpret_cast<char*>(buffer.data()),
                             static_cast<int>(buffer.size()), 0,
                             reinterpret_cast<sockaddr*>(&storage), &length);
  Received received;
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
