#include "common/multicast_group.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/endpoint.hpp"

namespace dgram {
namespace {

TEST(MulticastGroup, GroupsWithAndWithoutInterface) {
  auto plain = parse_multicast_group("239.1.2.3");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(net::address_text(plain->group), "239.1.2.3");
  EXPECT_EQ(plain->interface_index, 0u);
  EXPECT_FALSE(plain->interface_address);

  auto by_index = parse_multicast_group("ff05::1@3");
  ASSERT_TRUE(by_index.ok());
  EXPECT_EQ(by_index->group.family, net::Family::ipv6);
  EXPECT_EQ(by_index->interface_index, 3u);

  auto by_address = parse_multicast_group("239.1.2.3@192.0.2.10");
  ASSERT_TRUE(by_address.ok());
  EXPECT_EQ(net::address_text(*by_address->interface_address), "192.0.2.10");
}

TEST(MulticastGroup, NonMulticastAndBadInterfacesAreUsageErrors) {
  for (const char* bad : {"1.2.3.4", "not-an-address", "::1", "239.1.2.3@no-such-interface-x",
                          "ff02::1@192.0.2.1", "", "239.1.2.3@4294967296", "239.1.2.3@",
                          "239.1.2.3:5000", "ff02::1%no-such-interface-x"}) {
    auto parsed = parse_multicast_group(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().kind, ErrorKind::usage);
    EXPECT_NE(parsed.error().message.find("--join"), std::string::npos) << parsed.error().message;
  }
}

// The advice fits the OS it runs on, and an IPv4 group's the IPv4 side.
TEST(MulticastGroup, AdviceNamesThisOsInterfacesAndTheGroupsFamily) {
#ifdef _WIN32
  const std::string example = "Ethernet";
  const std::string list_v4 = "`netsh interface ipv4 show interfaces`";
  const std::string list_v6 = "`netsh interface ipv6 show interfaces`";
#else
  const std::string example = "eth0";
  const std::string list_v4 = "`ip link`";
  const std::string list_v6 = "`ip link`";
#endif
  EXPECT_EQ(net::interface_name_example(), example);
  const auto v4 = parse_multicast_group("239.1.2.3@nosuch");
  ASSERT_FALSE(v4.ok());
  EXPECT_NE(v4.error().message.find("no network interface is called 'nosuch'"), std::string::npos);
  EXPECT_NE(v4.error().message.find(list_v4), std::string::npos) << v4.error().message;
  EXPECT_EQ(v4.error().message.find("ipv6"), std::string::npos) << v4.error().message;
  const auto v6 = parse_multicast_group("ff02::1@nosuch");
  ASSERT_FALSE(v6.ok());
  EXPECT_NE(v6.error().message.find(list_v6), std::string::npos) << v6.error().message;
  for (const char* bad : {"", "239.1.2.3@", "ff02::1@192.0.2.1"}) {
    const auto parsed = parse_multicast_group(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.error().message.find(example), std::string::npos) << parsed.error().message;
  }
}

TEST(MulticastGroup, IsMulticast) {
  EXPECT_TRUE(is_multicast(*net::parse_address("224.0.0.1")));
  EXPECT_TRUE(is_multicast(*net::parse_address("239.255.255.255")));
  EXPECT_FALSE(is_multicast(*net::parse_address("240.0.0.1")));
  EXPECT_FALSE(is_multicast(*net::parse_address("223.255.255.255")));
  EXPECT_TRUE(is_multicast(*net::parse_address("ff02::1")));
  EXPECT_FALSE(is_multicast(*net::parse_address("fe80::1")));
}

}  // namespace
}  // namespace dgram
