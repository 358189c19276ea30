// The relay's start-time checks and its next-address rule, against a made-up
// host (192.0.2.10/24, 2001:db8::10, fe80::10 on interface 2) so that the
// answers do not depend on the machine the tests run on.
#include "common/listen/upstream.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/endpoint.hpp"

namespace dgram {
namespace {

constexpr std::uint16_t port = 5353;

net::Endpoint at(const std::string& text, std::uint16_t at_port = port) {
  auto parsed = net::parse_address(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  net::Endpoint endpoint = parsed.value_or(net::Endpoint{});
  endpoint.port = at_port;
  return endpoint;
}

net::LocalAddresses this_host() {
  net::LocalAddresses local;
  net::Endpoint link_local = at("fe80::10", 0);
  link_local.scope_id = 2;
  local.addresses = {at("127.0.0.1", 0), at("::1", 0), at("192.0.2.10", 0), at("2001:db8::10", 0),
                     link_local};
  local.broadcasts = {at("192.0.2.255", 0)};
  return local;
}

// `listen 5353` (dual-stack [::]), `-4` (0.0.0.0), `-6` ([::] IPv6 only),
// `-b ADDR`.
ListenerReach dual_stack() { return {at("::"), true}; }
ListenerReach ipv4_only() { return {at("0.0.0.0"), false}; }
ListenerReach ipv6_only() { return {at("::"), false}; }
ListenerReach bound_to(const std::string& address) { return {at(address), false}; }

std::string message_of(const Status& status) {
  return status.ok() ? std::string("(accepted)") : status.error().message;
}

TEST(UpstreamCheck, AnyOwnAddressOnTheOwnPortLoopsOnADualStackListener) {
  net::Endpoint scoped = at("fe80::10");
  scoped.scope_id = 2;
  for (const net::Endpoint& own :
       {at("127.0.0.1"), at("127.0.0.53"), at("::1"), at("192.0.2.10"), at("::ffff:192.0.2.10"),
        at("::ffff:127.0.0.1"), at("2001:db8::10"), scoped, at("fe80::10"), at("0.0.0.0"),
        at("::")}) {
    const Status checked = check_upstream(own, net::address_text(own), dual_stack(), this_host());
    ASSERT_FALSE(checked.ok()) << net::address_text(own);
    EXPECT_EQ(checked.error().kind, ErrorKind::usage);
    EXPECT_NE(message_of(checked).find("own port"), std::string::npos) << message_of(checked);
    EXPECT_NE(message_of(checked).find("forward to another port or host"), std::string::npos);
  }
}

TEST(UpstreamCheck, AnotherPortAnotherHostOrAnotherInterfaceDoesNotLoop) {
  net::Endpoint other_interface = at("fe80::10");
  other_interface.scope_id = 3;
  for (const net::Endpoint& fine :
       {at("127.0.0.1", port + 1), at("192.0.2.10", port + 1), at("192.0.2.11"), at("2001:db8::11"),
        at("198.51.100.7"), other_interface}) {
    EXPECT_TRUE(check_upstream(fine, net::address_text(fine), dual_stack(), this_host()).ok())
        << net::address_text(fine);
  }
}

TEST(UpstreamCheck, AListenerThatCannotHearTheUpstreamIsAccepted) {
  // listen 5353 -b 127.0.0.1 --forward 127.0.0.53:5353
  EXPECT_EQ(message_of(
                check_upstream(at("127.0.0.53"), "127.0.0.53", bound_to("127.0.0.1"), this_host())),
            "(accepted)");
  // listen 5353 -4 --forward [::1]:5353
  EXPECT_EQ(message_of(check_upstream(at("::1"), "::1", ipv4_only(), this_host())), "(accepted)");
  // listen 5353 -6 --forward 127.0.0.1:5353, also spelled as a mapped address
  EXPECT_EQ(message_of(check_upstream(at("127.0.0.1"), "127.0.0.1", ipv6_only(), this_host())),
            "(accepted)");
  EXPECT_EQ(message_of(check_upstream(at("::ffff:127.0.0.1"), "::ffff:127.0.0.1", ipv6_only(),
                                      this_host())),
            "(accepted)");
  // listen 5353 -b 192.0.2.10 --forward 127.0.0.1:5353
  EXPECT_EQ(
      message_of(check_upstream(at("127.0.0.1"), "127.0.0.1", bound_to("192.0.2.10"), this_host())),
      "(accepted)");
}

TEST(UpstreamCheck, AListenerThatHearsTheUpstreamRefusesIt) {
  EXPECT_FALSE(check_upstream(at("127.0.0.1"), "127.0.0.1", ipv4_only(), this_host()).ok());
  EXPECT_FALSE(check_upstream(at("192.0.2.10"), "192.0.2.10", ipv4_only(), this_host()).ok());
  EXPECT_FALSE(check_upstream(at("::1"), "::1", ipv6_only(), this_host()).ok());
  EXPECT_FALSE(
      check_upstream(at("127.0.0.1"), "127.0.0.1", bound_to("127.0.0.1"), this_host()).ok());
  EXPECT_FALSE(check_upstream(at("::ffff:192.0.2.10"), "::ffff:192.0.2.10", bound_to("192.0.2.10"),
                              this_host())
                   .ok());
  EXPECT_FALSE(
      check_upstream(at("192.0.2.10"), "192.0.2.10", bound_to("::ffff:192.0.2.10"), this_host())
          .ok());
}

TEST(UpstreamCheck, BroadcastAndMulticastUpstreamsAreRefusedOnAnyPort) {
  for (const char* many : {"255.255.255.255", "192.0.2.255", "::ffff:192.0.2.255"}) {
    const Status checked = check_upstream(at(many, 9), many, dual_stack(), this_host());
    EXPECT_NE(message_of(checked).find("is a broadcast address: a relay forwards to one host"),
              std::string::npos)
        << message_of(checked);
  }
  for (const char* group : {"239.1.2.3", "224.0.0.251", "ff02::fb", "ff05::1:3"}) {
    const Status checked = check_upstream(at(group, 9), group, dual_stack(), this_host());
    EXPECT_NE(message_of(checked).find("is a multicast group: a relay forwards to one host"),
              std::string::npos)
        << message_of(checked);
  }
  // Another subnet's broadcast address is an ordinary address from here.
  EXPECT_TRUE(check_upstream(at("198.51.100.255", 9), "x", dual_stack(), this_host()).ok());
}

TEST(UpstreamCheck, TheMessageNamesTheHostAsTypedAndTheAddressItResolvedTo) {
  EXPECT_EQ(message_of(check_upstream(at("::1"), "localhost", dual_stack(), this_host())),
            "--forward localhost:5353 ([::1]:5353) is this listener's own port on this host: "
            "every datagram would loop; forward to another port or host");
  EXPECT_EQ(message_of(check_upstream(at("239.1.2.3", 9), "239.1.2.3", dual_stack(), this_host())),
            "--forward 239.1.2.3:9 is a multicast group: a relay forwards to one host; give that "
            "host's address");
}

TEST(UpstreamCheck, ARefusalMovesOnToTheNextAddressOnceAndStaysOnTheLast) {
  UpstreamChoice choice({at("::1", 9), at("127.0.0.1", 9)}, "localhost");
  EXPECT_EQ(choice.current(), at("::1", 9));
  EXPECT_EQ(choice.refused(at("::1", 9)), at("127.0.0.1", 9));
  EXPECT_EQ(choice.current(), at("127.0.0.1", 9));
  // A late refusal from the address already left changes nothing.
  EXPECT_EQ(choice.refused(at("::1", 9)), std::nullopt);
  // The last address is kept: the upstream may simply not be up yet.
  EXPECT_EQ(choice.refused(at("127.0.0.1", 9)), std::nullopt);
  EXPECT_EQ(choice.current(), at("127.0.0.1", 9));
}

TEST(UpstreamCheck, AnAnswerSettlesTheUpstream) {
  UpstreamChoice choice({at("::1", 9), at("127.0.0.1", 9)}, "localhost");
  choice.answered();
  EXPECT_EQ(choice.refused(at("::1", 9)), std::nullopt);
  EXPECT_EQ(choice.current(), at("::1", 9));
}

TEST(UpstreamCheck, OneAddressIsKeptWhateverHappens) {
  UpstreamChoice choice({at("192.0.2.7", 9)}, "192.0.2.7");
  EXPECT_EQ(choice.refused(at("192.0.2.7", 9)), std::nullopt);
  EXPECT_EQ(choice.current(), at("192.0.2.7", 9));
  EXPECT_EQ(choice.host(), "192.0.2.7");
}

}  // namespace
}  // namespace dgram
