// Sockets on loopback for tests: the only addresses tests ever send to.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/net.hpp"

namespace dgram::test {

using namespace std::chrono_literals;

// 127.0.0.1 or ::1 with `port`.
net::Endpoint loopback(net::Family family, std::uint16_t port = 0);

// A socket bound to loopback on an ephemeral port; fails the test if it cannot.
net::UdpSocket bound_loopback_socket(net::Family family);

std::uint16_t port_of(const net::UdpSocket& socket);

struct Datagram {
  std::vector<std::byte> payload;
  net::Endpoint from;
  std::string text() const {
    return {reinterpret_cast<const char*>(payload.data()), payload.size()};
  }
};

// The next datagram within `timeout`, or nothing.
std::optional<Datagram> receive(net::UdpSocket& socket, std::chrono::milliseconds timeout = 5s);

std::vector<std::byte> bytes_of(std::string_view text);

// `size` bytes of a pattern that shows reordering or cuts (i % 251).
std::vector<std::byte> pattern(std::size_t size);

}  // namespace dgram::test
