#include "common/address_syntax.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

std::string message_of(const Status& status) { return status ? "" : status.error().message; }

TEST(SplitAddressPort, OnlyBracketsOrASingleColonCarryAPort) {
  auto v6 = split_address_port("[::1]:8081");
  EXPECT_EQ(v6.address, "::1");
  EXPECT_EQ(v6.port, "8081");
  auto v4 = split_address_port("192.0.2.5:4000");
  EXPECT_EQ(v4.address, "192.0.2.5");
  EXPECT_EQ(v4.port, "4000");
  auto port_only = split_address_port(":4000");
  EXPECT_EQ(port_only.address, "");
  EXPECT_EQ(port_only.port, "4000");
  for (const char* plain : {"::1", "fe80::1%eth0", "host.example", "192.0.2.5"}) {
    auto split = split_address_port(plain);
    EXPECT_EQ(split.address, plain);
    EXPECT_FALSE(split.port) << plain;
    EXPECT_FALSE(split.unbalanced) << plain;
  }
  auto bracketed = split_address_port("[::1]");
  EXPECT_EQ(bracketed.address, "::1");
  EXPECT_FALSE(bracketed.port);
  EXPECT_TRUE(split_address_port("[::1").unbalanced);
  EXPECT_TRUE(split_address_port("[::1]x").unbalanced);
  EXPECT_EQ(split_address_port("192.0.2.5:").port, "");
}

TEST(CheckScope, LinkLocalNeedsOneAndOnlyLinkScopedTakeOne) {
  EXPECT_TRUE(check_scope("::1", "HOST").ok());
  EXPECT_TRUE(check_scope("127.0.0.1", "HOST").ok());
  EXPECT_TRUE(check_scope("host.example", "HOST").ok());
  EXPECT_TRUE(check_scope("fe80::1%1", "HOST").ok());  // an index
  EXPECT_TRUE(check_scope("ff02::1%1", "HOST").ok());
  const auto unscoped = check_scope("fe80::1", "HOST");
  ASSERT_FALSE(unscoped.ok());
  EXPECT_EQ(unscoped.error().kind, ErrorKind::usage);
  EXPECT_NE(message_of(unscoped).find("fe80::1%IFACE"), std::string::npos) << message_of(unscoped);
  EXPECT_NE(message_of(check_scope("febf::1", "--bind")).find("link-local"), std::string::npos);
  EXPECT_NE(message_of(check_scope("::1%1", "HOST")).find("only a link-local"), std::string::npos);
  EXPECT_NE(message_of(check_scope("127.0.0.1%1", "HOST")).find("only a link-local"),
            std::string::npos);
  EXPECT_NE(message_of(check_scope("fe80::1%", "HOST")).find("name the interface"),
            std::string::npos);
  // Found by fuzz_addresses: index 0 is no scope at all; after a NUL the OS
  // would read "fe80::" and drop the scope.
  EXPECT_NE(message_of(check_scope("fe80::1%0", "HOST")).find("index 0 is no interface"),
            std::string::npos);
  EXPECT_NE(message_of(check_scope("fe80::1%00", "HOST")).find("index 0 is no interface"),
            std::string::npos);
  EXPECT_FALSE(check_scope(std::string_view("fe80::\0\0001%lo", 12), "--bind").ok());
  // The example interface name is this OS's own (Windows: Ethernet).
  for (const char* bare : {"fe80::1", "fe80::1%"}) {
    EXPECT_NE(message_of(check_scope(bare, "HOST"))
                  .find(std::string("an interface name such as ") + net::interface_name_example() +
                        ", or its index"),
              std::string::npos)
        << message_of(check_scope(bare, "HOST"));
  }
  const auto missing = check_scope("fe80::1%no-such-iface", "--bind");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::usage);
  EXPECT_NE(message_of(missing).find("--bind 'fe80::1%no-such-iface'"), std::string::npos);
  EXPECT_NE(message_of(missing).find("no network interface is called 'no-such-iface'"),
            std::string::npos)
      << message_of(missing);
}

TEST(CheckHostArgument, EmptyGluedPortAndScope) {
  EXPECT_TRUE(check_host_argument("localhost").ok());
  EXPECT_TRUE(check_host_argument("[::1]").ok());
  EXPECT_TRUE(check_host_argument("::1").ok());
  EXPECT_NE(message_of(check_host_argument("")).find("HOST is empty"), std::string::npos);
  EXPECT_EQ(message_of(check_host_argument("[::1]:8081")),
            "HOST '[::1]:8081' has a port glued to it; HOST and PORT are separate arguments: "
            "write '[::1] 8081'");
  EXPECT_NE(message_of(check_host_argument("127.0.0.1:8081")).find("write '127.0.0.1 8081'"),
            std::string::npos);
  EXPECT_NE(message_of(check_host_argument("127.0.0.1:")).find("write '127.0.0.1 PORT'"),
            std::string::npos);
  EXPECT_NE(message_of(check_host_argument("[::1")).find("not an address"), std::string::npos);
  EXPECT_NE(message_of(check_host_argument("fe80::1")).find("HOST fe80::1 is a link-local"),
            std::string::npos);
}

TEST(ParseListenBind, AnAddressWithoutAPort) {
  EXPECT_EQ(*parse_listen_bind("127.0.0.1", "0"), "127.0.0.1");
  EXPECT_EQ(*parse_listen_bind("[::1]", "0"), "::1");
  EXPECT_EQ(*parse_listen_bind("localhost", "0"), "localhost");
  auto with_port = parse_listen_bind("127.0.0.1:5000", "0");
  ASSERT_FALSE(with_port.ok());
  EXPECT_EQ(with_port.error().kind, ErrorKind::usage);
  EXPECT_EQ(with_port.error().message,
            "listen --bind takes an address without a port; the port is the PORT argument: dgram "
            "listen 5000 -b 127.0.0.1");
  auto v6 = parse_listen_bind("[::1]:5000", "0");
  ASSERT_FALSE(v6.ok());
  EXPECT_NE(v6.error().message.find("dgram listen 5000 -b [::1]"), std::string::npos);
  auto empty = parse_listen_bind("", "0");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("--bind is empty"), std::string::npos);
  EXPECT_FALSE(parse_listen_bind("fe80::1", "0").ok());
}

}  // namespace
}  // namespace dgram
