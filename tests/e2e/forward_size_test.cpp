// listen --forward between families: an IPv6 client may send a datagram
// bigger than an IPv4 upstream can take. The relay knows the upstream's
// limit before it sends, so it says so once, in its own words, and counts it
// once; the datagrams that fit go on. Native, and dgram.exe under Wine.
#include <gtest/gtest.h>

#include <string>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(ForwardSize, AnIpv6DatagramTooBigForAnIpv4UpstreamIsOneWarningAndNotRelayed) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  const std::string upstream_text = "127.0.0.1:" + std::to_string(port_of(upstream));
  // Dual-stack (the default bind): the client comes from ::1.
  auto relay = start_listener({"--forward", upstream_text, "-t", "2s"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv6);
  ASSERT_TRUE(client.send_to(pattern(65527), loopback(net::Family::ipv6, relay.port)).ok());
  ASSERT_TRUE(client.send_to(bytes_of("fits"), loopback(net::Family::ipv6, relay.port)).ok());
  const auto seen = receive(upstream, 10s);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->text(), "fits");  // the big one never left
  const auto result = relay.process.wait(30s);
  EXPECT_EQ(result.exit_code, 3) << result.err;
  std::vector<std::string> about_it;
  for (const auto& line : lines_of(result.err)) {
    if (line.find("65527") != std::string::npos) about_it.push_back(line);
  }
  ASSERT_EQ(about_it.size(), 1u) << result.err;
  EXPECT_EQ(about_it[0], "dgram: warning: datagram from [::1]:" + std::to_string(port_of(client)) +
                             " is 65527 bytes, over the 65507 an IPv4 datagram to " +
                             upstream_text + " carries; not relayed (nor shown)")
      << result.err;
  EXPECT_EQ(result.err.find("relayed whole"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("cannot relay"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("relayed 1 datagram to " + upstream_text), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(", 1 not relayed"), std::string::npos) << result.err;
  // Only the datagram that went on has a record.
  const auto records = lines_of(result.out);
  ASSERT_EQ(records.size(), 1u) << result.out;
  EXPECT_TRUE(records[0].ends_with(" fits")) << result.out;
}

}  // namespace
}  // namespace dgram::test
