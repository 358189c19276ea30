// UdpSocket::wait_any_readable: the relay's wait on its listener and every
// client's upstream socket at once.
#include <gtest/gtest.h>

#include <vector>

#include "common/limits.hpp"
#include "support/loopback.hpp"

namespace dgram::test {
namespace {

TEST(WaitAnyReadable, NamesExactlyTheSocketsThatCanBeRead) {
  std::vector<net::UdpSocket> sockets;
  for (int i = 0; i < 5; ++i) sockets.push_back(bound_loopback_socket(net::Family::ipv4));
  std::vector<net::UdpSocket*> set;
  for (auto& socket : sockets) set.push_back(&socket);
  std::vector<std::size_t> readable{99};
  ASSERT_TRUE(net::UdpSocket::wait_any_readable(set, 50ms, readable).ok());
  EXPECT_TRUE(readable.empty());  // the time passed

  auto sender = bound_loopback_socket(net::Family::ipv4);
  for (const std::size_t index : {1u, 3u}) {
    ASSERT_TRUE(
        sender.send_to(bytes_of("x"), loopback(net::Family::ipv4, port_of(sockets[index]))).ok());
  }
  // Both arrive on loopback at once; wait until both show.
  for (int tries = 0; tries < 50 && readable.size() < 2; ++tries) {
    ASSERT_TRUE(net::UdpSocket::wait_any_readable(set, 5s, readable).ok());
  }
  EXPECT_EQ(readable, (std::vector<std::size_t>{1, 3}));
  EXPECT_TRUE(receive(sockets[1], 0ms));
  ASSERT_TRUE(net::UdpSocket::wait_any_readable(set, 5s, readable).ok());
  EXPECT_EQ(readable, (std::vector<std::size_t>{3}));
}

TEST(WaitAnyReadable, AConnectedSocketsIcmpErrorIsReadOnceAndNeverBlocks) {
  std::uint16_t closed_port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    closed_port = port_of(gone);
  }
  auto opened = net::UdpSocket::open(net::Family::ipv4);
  ASSERT_TRUE(opened.ok());
  net::UdpSocket upstream = std::move(opened).value();
  ASSERT_TRUE(upstream.connect(loopback(net::Family::ipv4, closed_port)).ok());
  ASSERT_TRUE(upstream.ignore_icmp_errors().ok());
  ASSERT_TRUE(upstream.send(bytes_of("anyone?")).ok());
  std::vector<net::UdpSocket*> set{&upstream};
  std::vector<std::size_t> readable;
  ASSERT_TRUE(net::UdpSocket::wait_any_readable(set, 500ms, readable).ok());
#ifndef _WIN32
  // POSIX reports the refusal; without it this test would check nothing.
  ASSERT_FALSE(readable.empty()) << "the ICMP port unreachable was not reported";
#endif
  if (!readable.empty()) {
    // POSIX: the port unreachable fails one read (which must not wait for a
    // datagram that never comes); Windows with SIO_UDP_CONNRESET off: none.
    std::vector<std::byte> buffer(max_datagram_size);
    auto got = upstream.receive_from(buffer);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().kind, ErrorKind::connection_refused);
  }
  ASSERT_TRUE(net::UdpSocket::wait_any_readable(set, 200ms, readable).ok());
  EXPECT_TRUE(readable.empty()) << "an error already read must not keep the socket readable";
}

}  // namespace
}  // namespace dgram::test
