// A datagram over loopback arrives whole, with its sender, on IPv4 and IPv6.
#include <gtest/gtest.h>

#include "common/resolve_host.hpp"
#include "support/loopback.hpp"

namespace dgram::test {
namespace {

class LoopbackTest : public testing::TestWithParam<net::Family> {};

TEST_P(LoopbackTest, DatagramArrivesWholeWithItsSender) {
  auto receiver = bound_loopback_socket(GetParam());
  auto sender = bound_loopback_socket(GetParam());
  const auto payload = bytes_of("Holy Guido! It's working.");
  ASSERT_TRUE(sender.send_to(payload, loopback(GetParam(), port_of(receiver))).ok());

  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload, payload);
  EXPECT_EQ(got->from, loopback(GetParam(), port_of(sender)));
}

TEST_P(LoopbackTest, EmptyDatagramIsADatagram) {
  auto receiver = bound_loopback_socket(GetParam());
  auto sender = bound_loopback_socket(GetParam());
  ASSERT_TRUE(sender.send_to({}, loopback(GetParam(), port_of(receiver))).ok());
  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->payload.empty());
}

TEST_P(LoopbackTest, BoundaryOfEachDatagramIsKept) {
  auto receiver = bound_loopback_socket(GetParam());
  auto sender = bound_loopback_socket(GetParam());
  const auto to = loopback(GetParam(), port_of(receiver));
  ASSERT_TRUE(sender.send_to(bytes_of("one"), to).ok());
  ASSERT_TRUE(sender.send_to(bytes_of("two"), to).ok());
  const auto first = receive(receiver);
  const auto second = receive(receiver);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->text(), "one");
  EXPECT_EQ(second->text(), "two");
}

INSTANTIATE_TEST_SUITE_P(Families, LoopbackTest,
                         testing::Values(net::Family::ipv4, net::Family::ipv6),
                         [](const auto& param_info) {
                           return param_info.param == net::Family::ipv4 ? "IPv4" : "IPv6";
                         });

TEST(Resolve, LiteralsAndFamilyPreference) {
  auto v4 = net::resolve("127.0.0.1", 9, net::FamilyPreference::any, false);
  ASSERT_TRUE(v4.ok()) << v4.error().message;
  EXPECT_EQ(v4->front(), loopback(net::Family::ipv4, 9));

  auto v6 = net::resolve("::1", 9, net::FamilyPreference::any, false);
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->front(), loopback(net::Family::ipv6, 9));

  auto wrong_family = net::resolve("::1", 9, net::FamilyPreference::ipv4_only, false);
  ASSERT_FALSE(wrong_family.ok());
  EXPECT_EQ(wrong_family.error().kind, ErrorKind::resolve_failed);
  EXPECT_NE(wrong_family.error().message.find("-4"), std::string::npos);
}

// A literal address is taken as it is, without the resolver (a one-shot
// send's start-up): it must give exactly what the resolver gives, and fail
// where the resolver fails (a family that -4 or -6 excludes).
TEST(Resolve, ALiteralGivesWhatTheResolverGives) {
  const std::vector<std::string> hosts = {"127.0.0.1", "0.0.0.0", "10.1.2.3",  "::1",
                                          "::",        "fe80::1", "fe80::1%1", "::ffff:10.1.2.3",
                                          "[::1]",     "1.2.3"};
  for (const std::string& host : hosts) {
    const std::string bare = host.front() == '[' ? host.substr(1, host.size() - 2) : host;
    for (const auto preference : {net::FamilyPreference::any, net::FamilyPreference::ipv4_only,
                                  net::FamilyPreference::ipv6_only}) {
      for (const bool passive : {false, true}) {
        const auto resolver = net::resolve(bare, 9, preference, passive);
        const auto taken = resolve_host_addresses(host, 9, preference, passive, "host");
        const std::string what = host + " preference " +
                                 std::to_string(static_cast<int>(preference)) +
                                 (passive ? " passive" : "");
        ASSERT_EQ(taken.ok(), resolver.ok()) << what;
        if (resolver.ok()) {
          EXPECT_EQ(*taken, *resolver) << what;
        }
      }
    }
  }
}

TEST(Resolve, UnknownNameIsAResolveFailure) {
  auto none = net::resolve("nonexistent.invalid", 9, net::FamilyPreference::any, false);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::resolve_failed);
  EXPECT_NE(none.error().message.find("nonexistent.invalid"), std::string::npos);
}

TEST(AddressText, NumericForms) {
  EXPECT_EQ(net::address_text(loopback(net::Family::ipv4)), "127.0.0.1");
  EXPECT_EQ(net::address_text(loopback(net::Family::ipv6)), "::1");
}

TEST(Bind, PortInUseIsReportedAsSuch) {
  auto first = bound_loopback_socket(net::Family::ipv4);
  auto second = net::UdpSocket::open(net::Family::ipv4);
  ASSERT_TRUE(second.ok());
  auto bound = second->bind(loopback(net::Family::ipv4, port_of(first)));
  ASSERT_FALSE(bound.ok());
  EXPECT_EQ(bound.error().kind, ErrorKind::address_in_use) << bound.error().message;
}

}  // namespace
}  // namespace dgram::test
