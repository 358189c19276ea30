#include "support/loopback.hpp"

#include <gtest/gtest.h>

#include "common/wait.hpp"

#include "common/limits.hpp"

namespace dgram::test {

net::Endpoint loopback(net::Family family, std::uint16_t port) {
  net::Endpoint endpoint;
  endpoint.family = family;
  endpoint.port = port;
  if (family == net::Family::ipv4) {
    endpoint.address[0] = 127;
    endpoint.address[3] = 1;
  } else {
    endpoint.address[15] = 1;
  }
  return endpoint;
}

net::UdpSocket bound_loopback_socket(net::Family family) {
  auto socket = net::UdpSocket::open(family);
  if (!socket) {
    ADD_FAILURE() << socket.error().message;
    std::abort();
  }
  auto bound = socket->bind(loopback(family));
  if (!bound) {
    ADD_FAILURE() << bound.error().message;
    std::abort();
  }
  return std::move(socket).value();
}

std::uint16_t port_of(const net::UdpSocket& socket) {
  auto local = socket.local_endpoint();
  EXPECT_TRUE(local.ok());
  return local ? local->port : 0;
}

std::optional<Datagram> receive(net::UdpSocket& socket, std::chrono::milliseconds timeout) {
  auto ready = net::wait_readable(socket, timeout);
  if (!ready || *ready != net::Readiness::readable) return std::nullopt;
  Datagram datagram;
  datagram.payload.resize(max_datagram_size);
  auto received = socket.receive_from(datagram.payload);
  if (!received) {
    ADD_FAILURE() << received.error().message;
    return std::nullopt;
  }
  datagram.payload.resize(received->size);
  datagram.from = received->from;
  return datagram;
}

std::vector<std::byte> bytes_of(std::string_view text) {
  const auto* data = reinterpret_cast<const std::byte*>(text.data());
  return {data, data + text.size()};
}

std::vector<std::byte> pattern(std::size_t size) {
  std::vector<std::byte> bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::byte>(i % 251);
  return bytes;
}

}  // namespace dgram::test
