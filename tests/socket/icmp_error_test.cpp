// A listening socket outlives ICMP errors caused by its own sends. On Windows
// an ICMP port unreachable otherwise makes the next recvfrom fail with
// WSAECONNRESET; dgram disables that (SIO_UDP_CONNRESET) and its receive loop
// also ignores such an error if one still comes.
#include <gtest/gtest.h>

#include "common/listen/listener_socket.hpp"
#include "support/loopback.hpp"

namespace dgram::test {
namespace {

TEST(IcmpError, ListenerKeepsReceivingAfterSendingToAClosedPort) {
  ListenOptions options;
  options.family = net::FamilyPreference::ipv4_only;
  auto listener = open_listener(options);
  ASSERT_TRUE(listener.ok()) << listener.error().message;

  std::uint16_t closed_port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    closed_port = port_of(gone);
  }
  // Loopback answers at once with ICMP port unreachable.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        listener->socket.send_to(bytes_of("anyone?"), loopback(net::Family::ipv4, closed_port))
            .ok());
  }
  auto peer = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(
      peer.send_to(bytes_of("still there"), loopback(net::Family::ipv4, port_of(listener->socket)))
          .ok());
  const auto got = receive(listener->socket);
  ASSERT_TRUE(got) << "the listener must still receive";
  EXPECT_EQ(got->text(), "still there");
}

}  // namespace
}  // namespace dgram::test
