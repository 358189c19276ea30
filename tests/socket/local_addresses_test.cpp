// The OS's answer to "is this one of this host's addresses" (getifaddrs,
// GetAdaptersAddresses), on whatever host the tests run: loopback is local,
// a documentation address is not, and the address this host would send from
// is. Nothing is sent anywhere.
#include "common/local_addresses.hpp"

#include <gtest/gtest.h>

#include "common/endpoint.hpp"
#include "support/loopback.hpp"

namespace dgram::test {
namespace {

net::LocalAddresses listed() {
  auto local = net::local_addresses();
  EXPECT_TRUE(local.ok()) << (local.ok() ? "" : local.error().message);
  return local.ok() ? std::move(local).value() : net::LocalAddresses{};
}

TEST(LocalAddresses, TheListHoldsLoopbackAndNoDocumentationAddress) {
  const net::LocalAddresses local = listed();
  ASSERT_FALSE(local.addresses.empty());
  bool has_loopback = false;
  for (const net::Endpoint& address : local.addresses) {
    EXPECT_EQ(address.port, 0);
    EXPECT_FALSE(is_multicast(address)) << net::address_text(address);
    has_loopback = has_loopback || is_loopback(address);
  }
  EXPECT_TRUE(has_loopback);
  for (const net::Endpoint& broadcast : local.broadcasts) {
    EXPECT_EQ(broadcast.family, net::Family::ipv4) << net::address_text(broadcast);
    EXPECT_FALSE(is_local_address(broadcast, local)) << net::address_text(broadcast);
  }
}

TEST(LocalAddresses, LoopbackIsLocalADocumentationAddressIsNot) {
  const net::LocalAddresses local = listed();
  EXPECT_TRUE(is_local_address(loopback(net::Family::ipv4), local));
  EXPECT_TRUE(is_local_address(loopback(net::Family::ipv6), local));
  for (const char* elsewhere : {"192.0.2.1", "2001:db8::1", "198.51.100.7", "::ffff:192.0.2.1"}) {
    EXPECT_FALSE(is_local_address(*net::parse_address(elsewhere), local)) << elsewhere;
    EXPECT_FALSE(is_local_broadcast(*net::parse_address(elsewhere), local)) << elsewhere;
  }
}

TEST(LocalAddresses, TheAddressThisHostSendsFromIsLocal) {
  // connect() on a UDP socket only picks the route and the source address;
  // nothing leaves the host. Without a route (an isolated sandbox) there is
  // no such address to ask about.
  auto socket = net::UdpSocket::open(net::Family::ipv4);
  ASSERT_TRUE(socket.ok());
  net::Endpoint elsewhere = *net::parse_address("192.0.2.1");
  elsewhere.port = 9;
  if (!socket->connect(elsewhere).ok()) GTEST_SKIP() << "no route off this host";
  auto source = socket->local_endpoint();
  ASSERT_TRUE(source.ok());
  if (is_wildcard(*source)) GTEST_SKIP() << "the OS named no source address";
  EXPECT_TRUE(is_local_address(*source, listed())) << net::address_text(*source);
}

}  // namespace
}  // namespace dgram::test
