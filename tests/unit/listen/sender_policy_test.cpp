#include "common/listen/sender_policy.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

net::Endpoint address(const char* text) {
  auto parsed = net::parse_address(text);
  EXPECT_TRUE(parsed) << text;
  return parsed.value_or(net::Endpoint{});
}

AddressPrefix prefix(const char* text) {
  auto parsed = parse_prefix(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed ? "" : parsed.error().message);
  return parsed ? *parsed : AddressPrefix{};
}

TEST(AllowList, Ipv4PrefixesMatchByLeadingBits) {
  EXPECT_TRUE(prefix("192.0.2.0/24").contains(address("192.0.2.77")));
  EXPECT_FALSE(prefix("192.0.2.0/24").contains(address("192.0.3.1")));
  EXPECT_TRUE(prefix("10.0.0.0/9").contains(address("10.127.255.255")));
  EXPECT_FALSE(prefix("10.0.0.0/9").contains(address("10.128.0.0")));
  EXPECT_TRUE(prefix("192.0.2.7").contains(address("192.0.2.7")));
  EXPECT_FALSE(prefix("192.0.2.7").contains(address("192.0.2.8")));
  EXPECT_TRUE(prefix("0.0.0.0/0").contains(address("203.0.113.9")));
}

TEST(AllowList, Ipv6PrefixesAndBrackets) {
  EXPECT_TRUE(prefix("2001:db8::/32").contains(address("2001:db8:1::5")));
  EXPECT_FALSE(prefix("2001:db8::/32").contains(address("2001:db9::5")));
  EXPECT_TRUE(prefix("[::1]").contains(address("::1")));
  EXPECT_TRUE(prefix("::1/128").contains(address("::1")));
}

TEST(AllowList, FamiliesNeverMatchEachOther) {
  EXPECT_FALSE(prefix("0.0.0.0/0").contains(address("::1")));
  EXPECT_FALSE(prefix("::/0").contains(address("127.0.0.1")));
}

TEST(AllowList, MappedRulesMatchIpv4SendersAndTheOtherWayRound) {
  EXPECT_TRUE(prefix("::ffff:127.0.0.1").contains(address("127.0.0.1")));
  EXPECT_TRUE(prefix("[::ffff:127.0.0.1]").contains(address("127.0.0.1")));
  EXPECT_FALSE(prefix("::ffff:127.0.0.1").contains(address("127.0.0.2")));
  EXPECT_TRUE(prefix("::ffff:127.0.0.0/104").contains(address("127.1.2.3")));
  EXPECT_FALSE(prefix("::ffff:127.0.0.0/104").contains(address("128.0.0.1")));
  EXPECT_TRUE(prefix("::ffff:0:0/96").contains(address("203.0.113.9")));
  EXPECT_FALSE(prefix("::ffff:127.0.0.1").contains(address("::1")));
  // An IPv4 rule matches the same sender heard as ::ffff:a.b.c.d.
  EXPECT_TRUE(AllowList({prefix("127.0.0.0/8")}).accepts(address("::ffff:127.0.0.1")));
  EXPECT_TRUE(AllowList({prefix("::ffff:127.0.0.1")}).accepts(address("::ffff:127.0.0.1")));
  EXPECT_FALSE(AllowList({prefix("127.0.0.0/8")}).accepts(address("::ffff:10.0.0.1")));
  EXPECT_FALSE(AllowList({prefix("::/0")}).accepts(address("::ffff:10.0.0.1")))
      << "an IPv4 sender is not an IPv6 one";
  // The rule is the IPv4 one it means.
  const AddressPrefix rule = prefix("::ffff:192.0.2.0/120");
  EXPECT_EQ(rule.family, net::Family::ipv4);
  EXPECT_EQ(rule.length, 24u);
}

TEST(AllowList, EmptyListAcceptsEveryoneOtherwiseAnyRule) {
  EXPECT_TRUE(AllowList({}).accepts(address("198.51.100.1")));
  const AllowList list({prefix("127.0.0.0/8"), prefix("::1")});
  EXPECT_TRUE(list.accepts(address("127.0.0.1")));
  EXPECT_TRUE(list.accepts(address("::1")));
  EXPECT_FALSE(list.accepts(address("198.51.100.1")));
}

TEST(AllowList, BadRulesAreUsageErrors) {
  for (const char* bad :
       {"1.2.3.4/99", "::1/129", "::26%2", "1.2.3.4/", "1.2.3.4/x", "not-an-address", "example.com",
        "1.2.3/24", "", "/8", "[::1]:80", "127.0.0.1:80", "fe80::1%no-such-iface"}) {
    auto parsed = parse_prefix(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().kind, ErrorKind::usage);
    EXPECT_NE(parsed.error().message.find("--allow"), std::string::npos);
  }
  EXPECT_NE(parse_prefix("127.0.0.1:80").error().message.find("not ports"), std::string::npos);
  EXPECT_NE(parse_prefix("fe80::1%no-such-iface").error().message.find("no network interface"),
            std::string::npos);
}

net::Endpoint from_port(std::uint16_t port) {
  net::Endpoint endpoint;
  endpoint.address = {127, 0, 0, 1};
  endpoint.port = port;
  return endpoint;
}

TEST(EchoPolicy, OrdinarySendersGetTheirEcho) {
  EXPECT_TRUE(may_echo_to(from_port(53000), 7007));
  EXPECT_TRUE(may_echo_to(from_port(1024), 7007));
}

TEST(EchoPolicy, NoEchoThatCouldLoop) {
  EXPECT_FALSE(may_echo_to(from_port(7007), 7007)) << "its own port: itself or a twin";
  for (const int port : {0, 7, 13, 17, 19, 37}) {
    EXPECT_FALSE(may_echo_to(from_port(static_cast<std::uint16_t>(port)), 7007)) << port;
  }
}

}  // namespace
}  // namespace dgram
