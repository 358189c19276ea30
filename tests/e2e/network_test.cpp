// Network options on loopback, on the native and the Windows build: --allow,
// source address and port, --rcvbuf, and their bad values. Broadcast and
// multicast between hosts: tests/netns/netns_test.sh.
#include <gtest/gtest.h>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(Network, AllowListDropsAndCountsOthersAndNeverEchoesThem) {
  auto listener = start_listener({"--allow", "127.0.0.1", "--echo", "-n", "1", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  auto stranger = bound_loopback_socket(net::Family::ipv6);
  ASSERT_TRUE(
      stranger.send_to(bytes_of("let me in"), loopback(net::Family::ipv6, listener.port)).ok());
  EXPECT_FALSE(receive(stranger, 300ms)) << "a rejected datagram must not be echoed";
  // An IPv4 rule matches the IPv4 sender that reaches the dual-stack socket
  // as ::ffff:127.0.0.1.
  auto friend_socket = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(
      friend_socket.send_to(bytes_of("friend"), loopback(net::Family::ipv4, listener.port)).ok());
  EXPECT_TRUE(receive(friend_socket)) << "an allowed datagram is echoed";
  const auto heard = listener.process.wait(20s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  const auto lines = lines_of(heard.out);
  ASSERT_EQ(lines.size(), 1u) << heard.out;
  EXPECT_TRUE(lines[0].starts_with("127.0.0.1:") && lines[0].ends_with(" friend")) << lines[0];
  EXPECT_NE(heard.err.find("1 rejected by --allow"), std::string::npos) << heard.err;
}

TEST(Network, Ipv6AllowRuleWithPrefix) {
  auto listener =
      start_listener({"--allow", "::1/128", "--allow", "192.0.2.0/24", "-n", "1", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  const std::string port = std::to_string(listener.port);
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", port, "v4 rejected"}).exit_code, 0);
  EXPECT_EQ(run_dgram({"send", "::1", port, "v6 allowed"}).exit_code, 0);
  const auto heard = listener.process.wait(20s);
  EXPECT_TRUE(heard.out.starts_with("[::1]:")) << heard.out;
  EXPECT_TRUE(heard.out.ends_with(" v6 allowed\n")) << heard.out;
  EXPECT_NE(heard.err.find("1 rejected by --allow"), std::string::npos) << heard.err;
}

TEST(Network, MappedAllowRuleMatchesTheIpv4Sender) {
  for (const char* rule : {"::ffff:127.0.0.1", "::ffff:127.0.0.0/104"}) {
    SCOPED_TRACE(rule);
    auto listener = start_listener({"--allow", rule, "-n", "1", "-t", "20s"});
    ASSERT_NE(listener.port, 0);
    const std::string port = std::to_string(listener.port);
    EXPECT_EQ(run_dgram({"send", "::1", port, "v6 rejected"}).exit_code, 0);
    EXPECT_EQ(run_dgram({"send", "127.0.0.1", port, "v4 allowed"}).exit_code, 0);
    const auto heard = listener.process.wait(20s);
    EXPECT_EQ(heard.exit_code, 0) << heard.err;
    EXPECT_TRUE(heard.out.starts_with("127.0.0.1:")) << heard.out;
    EXPECT_TRUE(heard.out.ends_with(" v4 allowed\n")) << heard.out;
    EXPECT_NE(heard.err.find("1 rejected by --allow"), std::string::npos) << heard.err;
  }
}

TEST(Network, SourcePortAndBindAddress) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  std::uint16_t free_port = 0;
  {
    auto probe = bound_loopback_socket(net::Family::ipv4);
    free_port = port_of(probe);
  }
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", port, "p", "-p", std::to_string(free_port)}).exit_code,
            0);
  const auto by_port = receive(receiver);
  ASSERT_TRUE(by_port);
  EXPECT_EQ(by_port->from.port, free_port);

  const auto bound =
      run_dgram({"send", "127.0.0.1", port, "b", "-b", "127.0.0.1:" + std::to_string(free_port)});
  EXPECT_EQ(bound.exit_code, 0) << bound.err;
  const auto by_bind = receive(receiver);
  ASSERT_TRUE(by_bind);
  EXPECT_EQ(by_bind->from, loopback(net::Family::ipv4, free_port));

  auto receiver6 = bound_loopback_socket(net::Family::ipv6);
  EXPECT_EQ(run_dgram({"send", "::1", std::to_string(port_of(receiver6)), "6", "-b",
                       "[::1]:" + std::to_string(free_port)})
                .exit_code,
            0);
  const auto by_bind6 = receive(receiver6);
  ASSERT_TRUE(by_bind6);
  EXPECT_EQ(by_bind6->from, loopback(net::Family::ipv6, free_port));
}

TEST(Network, BindAddressThatIsNotLocalIsExit1) {
  if (running_under_wine()) {
    // Wine 8 lets a UDP socket bind an address no interface has (and then
    // sends from the real one); Windows refuses with WSAEADDRNOTAVAIL.
    GTEST_SKIP() << "Wine binds non-local addresses";
  }
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result =
      run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "x", "-b", "192.0.2.1"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.err.starts_with("dgram: error: cannot bind 192.0.2.1")) << result.err;
  EXPECT_FALSE(receive(receiver, 300ms));
}

TEST(Network, SourcePortInUseIsExit1) {
  auto holder = bound_loopback_socket(net::Family::ipv4);
  const auto result = run_dgram(
      {"send", "127.0.0.1", "9", "x", "-b", "127.0.0.1", "-p", std::to_string(port_of(holder))});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(
      result.err.find("source port " + std::to_string(port_of(holder)) + " is already in use"),
      std::string::npos)
      << result.err;
}

TEST(Network, RcvbufIsAppliedAndAShortfallIsReported) {
  const auto modest = run_dgram({"listen", "0", "--rcvbuf", "65536", "-t", "100ms"});
  EXPECT_EQ(modest.exit_code, 3) << modest.err;
  const auto huge = run_dgram({"listen", "0", "--rcvbuf", "1073741824", "-t", "100ms"});
  EXPECT_EQ(huge.exit_code, 3) << huge.err;
#ifndef _WIN32
  // Linux caps the buffer at net.core.rmem_max (far below 1 GiB by default).
  EXPECT_EQ(modest.err.find("granted"), std::string::npos) << modest.err;
  EXPECT_NE(huge.err.find("dgram: warning: --rcvbuf 1073741824 asked, the OS granted "),
            std::string::npos)
      << huge.err;
#endif
}

TEST(Network, BadNetworkValuesAreExit2WithOneErrorLine) {
  struct Case {
    std::vector<std::string> args;
    std::string names;
  };
  const std::vector<Case> cases = {
      {{"listen", "0", "--join", "not-an-address"}, "invalid --join 'not-an-address'"},
      {{"listen", "0", "--join", "10.1.2.3"}, "invalid --join '10.1.2.3'"},
      {{"listen", "0", "--join", "239.1.2.3", "--join", "ff02::1"}, "two listeners"},
      {{"listen", "0", "-6", "--join", "239.1.2.3"}, "contradicts -6"},
      {{"listen", "0", "--allow", "1.2.3.4/99"}, "prefix length must be 0 to 32"},
      {{"listen", "0", "--allow", "nonsense"}, "invalid --allow 'nonsense'"},
      {{"listen", "0", "--rcvbuf", "0"}, "--rcvbuf"},
      {{"listen", "0", "-4", "-6"}, "-4 and -6 cannot be used together"},
      {{"send", "127.0.0.1", "9", "x", "--ttl", "300"}, "invalid --ttl '300'"},
      {{"send", "127.0.0.1", "9", "x", "--ttl", "0"}, "invalid --ttl '0'"},
      {{"send", "127.0.0.1", "9", "x", "-p", "0"}, "--source-port"},
      {{"send", "127.0.0.1", "9", "x", "-b", "::1"}, "different address families"},
      {{"send", "127.0.0.1", "9", "x", "-b", "nohost:1"}, "invalid --bind 'nohost:1'"},
      {{"send", "127.0.0.1", "9", "x", "-b", ":5", "-p", "6"}, "say the same twice"},
  };
  for (const Case& c : cases) {
    const auto result = run_dgram(c.args);
    EXPECT_EQ(result.exit_code, 2) << testing::PrintToString(c.args) << result.err;
    const auto lines = lines_of(result.err);
    ASSERT_EQ(lines.size(), 1u) << result.err;
    EXPECT_TRUE(lines[0].starts_with("dgram: error: ")) << lines[0];
    EXPECT_NE(lines[0].find(c.names), std::string::npos) << lines[0];
  }
}

}  // namespace
}  // namespace dgram::test
