// The address predicates of common/endpoint.hpp and common/local_addresses.hpp
// on addresses written as users write them.
#include "common/endpoint.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/local_addresses.hpp"

namespace dgram {
namespace {

net::Endpoint at(const std::string& text, std::uint16_t port = 0) {
  auto parsed = net::parse_address(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  net::Endpoint endpoint = parsed.value_or(net::Endpoint{});
  endpoint.port = port;
  return endpoint;
}

TEST(Endpoint, UnmapTurnsAMappedAddressIntoIpv4AndLeavesOthersAlone) {
  EXPECT_TRUE(is_mapped(at("::ffff:192.0.2.7")));
  EXPECT_FALSE(is_mapped(at("192.0.2.7")));
  EXPECT_FALSE(is_mapped(at("::1")));
  EXPECT_FALSE(is_mapped(at("64:ff9b::c000:207")));  // NAT64 is not a mapping
  EXPECT_EQ(unmap(at("::ffff:192.0.2.7", 53)), at("192.0.2.7", 53));
  EXPECT_EQ(unmap(at("2001:db8::1", 53)), at("2001:db8::1", 53));
  EXPECT_EQ(unmap(at("192.0.2.7", 53)), at("192.0.2.7", 53));
}

TEST(Endpoint, WildcardIsTheAnyAddressOfEachFamily) {
  EXPECT_EQ(any_address(net::Family::ipv4, 7), at("0.0.0.0", 7));
  EXPECT_EQ(any_address(net::Family::ipv6, 7), at("::", 7));
  EXPECT_TRUE(is_wildcard(at("0.0.0.0")));
  EXPECT_TRUE(is_wildcard(at("::")));
  // Bound, ::ffff:0.0.0.0 hears IPv4 only: not the dual-stack wildcard.
  EXPECT_FALSE(is_wildcard(at("::ffff:0.0.0.0")));
  EXPECT_FALSE(is_wildcard(at("::1")));
  EXPECT_FALSE(is_wildcard(at("0.0.0.1")));
}

TEST(Endpoint, LoopbackIsAllOf127AndIpv6sOneAddressMappedOrNot) {
  for (const char* loopback :
       {"127.0.0.1", "127.0.0.53", "127.255.255.254", "::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(is_loopback(at(loopback))) << loopback;
  }
  for (const char* other : {"128.0.0.1", "126.255.255.255", "::2", "::", "0.0.0.0", "192.0.2.1",
                            "::ffff:192.0.2.1", "fe80::1", "::127.0.0.1"}) {
    EXPECT_FALSE(is_loopback(at(other))) << other;
  }
}

TEST(Endpoint, MulticastIs224To239AndFf00MappedOrNot) {
  EXPECT_TRUE(is_multicast(at("224.0.0.1")));
  EXPECT_TRUE(is_multicast(at("239.255.255.255")));
  EXPECT_TRUE(is_multicast(at("::ffff:239.1.2.3")));
  EXPECT_TRUE(is_multicast(at("ff02::1")));
  EXPECT_TRUE(is_multicast(at("ff05::1:3")));
  EXPECT_FALSE(is_multicast(at("240.0.0.1")));
  EXPECT_FALSE(is_multicast(at("223.255.255.255")));
  EXPECT_FALSE(is_multicast(at("fe80::1")));
  EXPECT_FALSE(is_multicast(at("255.255.255.255")));
}

TEST(Endpoint, BroadcastIsTheLimitedBroadcastAddressOnly) {
  EXPECT_TRUE(is_broadcast(at("255.255.255.255")));
  EXPECT_TRUE(is_broadcast(at("::ffff:255.255.255.255")));
  EXPECT_FALSE(is_broadcast(at("192.0.2.255")));  // a subnet's: only the interfaces know
  EXPECT_FALSE(is_broadcast(at("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
  EXPECT_FALSE(is_broadcast(at("255.255.255.254")));
}

TEST(Endpoint, LinkLocalIsFe80Slash10AndLinkScopedAddsLinkMulticast) {
  EXPECT_TRUE(is_link_local(at("fe80::1")));
  EXPECT_TRUE(is_link_local(at("febf::1")));
  EXPECT_FALSE(is_link_local(at("fec0::1")));
  EXPECT_FALSE(is_link_local(at("169.254.1.1")));  // needs no scope to be sent to
  EXPECT_FALSE(is_link_local(at("ff02::1")));
  EXPECT_TRUE(is_link_scoped(at("fe80::1")));
  EXPECT_TRUE(is_link_scoped(at("ff02::1")));
  EXPECT_TRUE(is_link_scoped(at("ff01::1")));
  EXPECT_FALSE(is_link_scoped(at("ff05::1")));
  EXPECT_FALSE(is_link_scoped(at("2001:db8::1")));
}

TEST(Endpoint, SameAddressLooksThroughMappingAndIgnoresPortsAndAMissingScope) {
  EXPECT_TRUE(same_address(at("::ffff:192.0.2.7", 1), at("192.0.2.7", 2)));
  EXPECT_FALSE(same_address(at("192.0.2.7"), at("192.0.2.8")));
  net::Endpoint on_2 = at("fe80::1");
  on_2.scope_id = 2;
  net::Endpoint on_3 = on_2;
  on_3.scope_id = 3;
  EXPECT_TRUE(same_address(on_2, at("fe80::1")));
  EXPECT_FALSE(same_address(on_2, on_3));
}

TEST(LocalAddresses, LoopbackTheWildcardAndTheListedAddressesAreLocal) {
  net::LocalAddresses local;
  local.addresses = {at("192.0.2.10"), at("2001:db8::10")};
  local.broadcasts = {at("192.0.2.255")};
  for (const char* own : {"127.0.0.1", "127.0.0.53", "::1", "0.0.0.0", "::", "::ffff:0.0.0.0",
                          "192.0.2.10", "::ffff:192.0.2.10", "2001:db8::10"}) {
    EXPECT_TRUE(is_local_address(at(own), local)) << own;
  }
  for (const char* other : {"192.0.2.11", "2001:db8::11", "192.0.2.255", "198.51.100.1"}) {
    EXPECT_FALSE(is_local_address(at(other), local)) << other;
  }
  EXPECT_TRUE(is_local_broadcast(at("192.0.2.255"), local));
  EXPECT_TRUE(is_local_broadcast(at("::ffff:192.0.2.255"), local));
  EXPECT_TRUE(is_local_broadcast(at("255.255.255.255"), local));
  EXPECT_FALSE(is_local_broadcast(at("192.0.2.10"), local));
  EXPECT_FALSE(is_local_broadcast(at("198.51.100.255"), local));
}

}  // namespace
}  // namespace dgram
