// net::wait, the one wait of every mode: many sockets at once (a relay's
// listener and every client's upstream socket), with a deadline.
#include <gtest/gtest.h>

#include <vector>

#include "common/limits.hpp"
#include "common/wait.hpp"
#include "support/loopback.hpp"

namespace dgram::test {
namespace {

TEST(Wait, TimesOutWhenNothingArrives) {
  auto socket = bound_loopback_socket(net::Family::ipv4);
  const auto start = std::chrono::steady_clock::now();
  auto ready = net::wait_readable(socket, 100ms);
  ASSERT_TRUE(ready.ok()) << ready.error().message;
  EXPECT_EQ(*ready, net::Readiness::timed_out);
  // Not a timing assertion: only that it did wait rather than return at once.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 90ms);
}

TEST(Wait, ZeroTimeoutPollsWithoutBlocking) {
  auto socket = bound_loopback_socket(net::Family::ipv4);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  auto idle = net::wait_readable(socket, 0ms);
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(*idle, net::Readiness::timed_out);
  ASSERT_TRUE(sender.send_to(bytes_of("x"), loopback(net::Family::ipv4, port_of(socket))).ok());
  auto ready = net::wait_readable(socket, 5s);
  ASSERT_TRUE(ready.ok());
  EXPECT_EQ(*ready, net::Readiness::readable);
}

// Waits on `set` for at most `timeout`; the indexes of the readable ones.
std::vector<std::size_t> wait_any(std::span<net::UdpSocket* const> set,
                                  std::chrono::milliseconds timeout,
                                  std::vector<std::size_t>* refused = nullptr) {
  net::WaitResult result;
  EXPECT_TRUE(net::wait(set, false, false, net::deadline_after(timeout), result).ok());
  if (refused != nullptr) *refused = result.refused;
  return result.readable;
}

TEST(Wait, NamesExactlyTheSocketsThatCanBeRead) {
  std::vector<net::UdpSocket> sockets;
  for (int i = 0; i < 5; ++i) sockets.push_back(bound_loopback_socket(net::Family::ipv4));
  std::vector<net::UdpSocket*> set;
  for (auto& socket : sockets) set.push_back(&socket);
  std::vector<std::size_t> readable = wait_any(set, 50ms);
  EXPECT_TRUE(readable.empty());  // the time passed

  auto sender = bound_loopback_socket(net::Family::ipv4);
  for (const std::size_t index : {1u, 3u}) {
    ASSERT_TRUE(
        sender.send_to(bytes_of("x"), loopback(net::Family::ipv4, port_of(sockets[index]))).ok());
  }
  // Both arrive on loopback at once; wait until both show.
  for (int tries = 0; tries < 50 && readable.size() < 2; ++tries) {
    readable = wait_any(set, 5s);
  }
  EXPECT_EQ(readable, (std::vector<std::size_t>{1, 3}));
  EXPECT_TRUE(receive(sockets[1], 0ms));
  EXPECT_EQ(wait_any(set, 5s), (std::vector<std::size_t>{3}));
}

TEST(Wait, AConnectedSocketsIcmpErrorIsReportedOnceAndNeverBlocks) {
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
  std::vector<std::size_t> refused;
  std::vector<std::size_t> readable = wait_any(set, 500ms, &refused);
#ifndef _WIN32
  // POSIX reports the refusal; without it this test would check nothing.
  ASSERT_FALSE(readable.empty()) << "the ICMP port unreachable was not reported";
#endif
  // Windows: the wait takes the error itself (a read would wait for a
  // datagram) and says so, for the relay to count.
  if (!refused.empty()) {
    EXPECT_TRUE(readable.empty());
  }
  if (!readable.empty()) {
    // POSIX: the port unreachable fails one read (which must not wait for a
    // datagram that never comes); Windows with SIO_UDP_CONNRESET off: none.
    std::vector<std::byte> buffer(max_datagram_size);
    auto got = upstream.receive_from(buffer);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().kind, ErrorKind::connection_refused);
  }
  readable = wait_any(set, 200ms, &refused);
  EXPECT_TRUE(readable.empty() && refused.empty())
      << "an error already read must not keep the socket readable";
}

}  // namespace
}  // namespace dgram::test
