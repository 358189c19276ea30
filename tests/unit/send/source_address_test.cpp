#include "common/send/source_address.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

TEST(SourceAddress, TheDocumentedForms) {
  auto v4 = parse_local_address("192.0.2.5");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(net::address_text(*v4->address), "192.0.2.5");
  EXPECT_EQ(v4->port, 0);

  auto v4_port = parse_local_address("192.0.2.5:4000");
  ASSERT_TRUE(v4_port.ok());
  EXPECT_EQ(net::address_text(*v4_port->address), "192.0.2.5");
  EXPECT_EQ(v4_port->port, 4000);

  auto v6_port = parse_local_address("[2001:db8::5]:4000");
  ASSERT_TRUE(v6_port.ok());
  EXPECT_EQ(net::address_text(*v6_port->address), "2001:db8::5");
  EXPECT_EQ(v6_port->port, 4000);

  auto v6 = parse_local_address("2001:db8::5");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->address->family, net::Family::ipv6);
  EXPECT_EQ(v6->port, 0);

  auto port_only = parse_local_address(":4000");
  ASSERT_TRUE(port_only.ok());
  EXPECT_FALSE(port_only->address);
  EXPECT_EQ(port_only->port, 4000);
}

TEST(SourceAddress, BadFormsAreUsageErrors) {
  for (const char* bad : {"", ":", "host.example:4000", "192.0.2.5:99999", "[::1", "[::1]x",
                          "192.0.2.5:", "[::1]:0"}) {
    auto parsed = parse_local_address(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().kind, ErrorKind::usage);
    EXPECT_NE(parsed.error().message.find("--bind"), std::string::npos) << parsed.error().message;
  }
}

TEST(SourceAddress, ScopeMistakesAreNamed) {
  auto unscoped = parse_local_address("fe80::1");
  ASSERT_FALSE(unscoped.ok());
  EXPECT_NE(unscoped.error().message.find("fe80::1%IFACE"), std::string::npos);
  auto no_interface = parse_local_address("[fe80::1%no-such-iface]:4000");
  ASSERT_FALSE(no_interface.ok());
  EXPECT_NE(no_interface.error().message.find("no network interface"), std::string::npos)
      << no_interface.error().message;
  auto empty = parse_local_address("");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("--bind is empty"), std::string::npos);
}

}  // namespace
}  // namespace dgram
