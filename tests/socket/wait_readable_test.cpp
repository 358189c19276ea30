#include <gtest/gtest.h>

#include "support/loopback.hpp"

namespace dgram::test {
namespace {

TEST(WaitReadable, TimesOutWhenNothingArrives) {
  auto socket = bound_loopback_socket(net::Family::ipv4);
  const auto start = std::chrono::steady_clock::now();
  auto ready = socket.wait_readable(100ms);
  ASSERT_TRUE(ready.ok()) << ready.error().message;
  EXPECT_EQ(*ready, net::UdpSocket::Readiness::timed_out);
  // Not a timing assertion: only that it did wait rather than return at once.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 90ms);
}

TEST(WaitReadable, ZeroTimeoutPollsWithoutBlocking) {
  auto socket = bound_loopback_socket(net::Family::ipv4);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  auto idle = socket.wait_readable(0ms);
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(*idle, net::UdpSocket::Readiness::timed_out);
  ASSERT_TRUE(sender.send_to(bytes_of("x"), loopback(net::Family::ipv4, port_of(socket))).ok());
  auto ready = socket.wait_readable(5s);
  ASSERT_TRUE(ready.ok());
  EXPECT_EQ(*ready, net::UdpSocket::Readiness::readable);
}

}  // namespace
}  // namespace dgram::test
