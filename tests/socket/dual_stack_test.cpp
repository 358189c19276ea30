// The default listener ([::] with IPV6_V6ONLY cleared) hears IPv4 and IPv6
// senders, and IPv4 senders print as plain IPv4.
#include <gtest/gtest.h>

#include "common/endpoint.hpp"
#include "common/listen/listener_socket.hpp"
#include "common/records/endpoint_text.hpp"
#include "support/loopback.hpp"

namespace dgram::test {
namespace {

TEST(DualStack, DefaultListenerReceivesBothFamilies) {
  auto listener = open_listener(ListenOptions{});
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  ASSERT_EQ(listener->socket.family(), net::Family::ipv6);
  const std::uint16_t port = port_of(listener->socket);

  auto sender4 = bound_loopback_socket(net::Family::ipv4);
  auto sender6 = bound_loopback_socket(net::Family::ipv6);
  ASSERT_TRUE(sender4.send_to(bytes_of("over IPv4"), loopback(net::Family::ipv4, port)).ok());
  const auto from4 = receive(listener->socket);
  ASSERT_TRUE(from4);
  EXPECT_EQ(from4->text(), "over IPv4");
  EXPECT_EQ(unmap(from4->from), loopback(net::Family::ipv4, port_of(sender4)));

  ASSERT_TRUE(sender6.send_to(bytes_of("over IPv6"), loopback(net::Family::ipv6, port)).ok());
  const auto from6 = receive(listener->socket);
  ASSERT_TRUE(from6);
  EXPECT_EQ(from6->text(), "over IPv6");
  EXPECT_EQ(from6->from, loopback(net::Family::ipv6, port_of(sender6)));
}

TEST(DualStack, Ipv6OnlyListenerRefusesIpv4) {
  ListenOptions options;
  options.family = net::FamilyPreference::ipv6_only;
  auto listener = open_listener(options);
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  const std::uint16_t port = port_of(listener->socket);
  auto sender4 = bound_loopback_socket(net::Family::ipv4);
  // With IPV6_V6ONLY set nothing owns port on IPv4, so the datagram is lost.
  ASSERT_TRUE(sender4.send_to(bytes_of("v4"), loopback(net::Family::ipv4, port)).ok());
  EXPECT_FALSE(receive(listener->socket, 300ms));
}

TEST(DualStack, Ipv4OnlyListenerBindsIpv4) {
  ListenOptions options;
  options.family = net::FamilyPreference::ipv4_only;
  auto listener = open_listener(options);
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  EXPECT_EQ(listener->socket.family(), net::Family::ipv4);
}

}  // namespace
}  // namespace dgram::test
