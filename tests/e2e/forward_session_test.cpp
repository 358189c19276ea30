// listen --forward as a handler of the receive session: -n waits for the
// answers, a dead upstream and evictions show while the relay runs, and the
// summary counts in words that agree with their numbers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

std::string to_port(std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

TEST(ForwardSession, CountStillDeliversTheLastAnswerInSingularWords) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay = start_listener({"--forward", to_port(port_of(upstream)), "-n", "1", "-t", "10s"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(client.send_to(bytes_of("x"), loopback(net::Family::ipv4, relay.port)).ok());
  const auto seen = receive(upstream, 10s);
  ASSERT_TRUE(seen);
  ASSERT_TRUE(upstream.send_to(bytes_of("!"), seen->from).ok());
  // The relay's -n 1 was reached with the datagram; its answer still comes.
  const auto back = receive(client, 10s);
  ASSERT_TRUE(back) << relay.process.stderr_text();
  EXPECT_EQ(back->text(), "!");
  const auto result = relay.process.wait(20s);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("relayed 1 datagram to"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("1 answer back (1 byte)"), std::string::npos) << result.err;
}

TEST(ForwardSession, CountWithoutAnAnswerEndsAfterABoundedWait) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay = start_listener({"--forward", to_port(port_of(upstream)), "-n", "1", "-q"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(client.send_to(bytes_of("x"), loopback(net::Family::ipv4, relay.port)).ok());
  ASSERT_TRUE(receive(upstream, 10s));
  // No answer: the relay gives up after its grace (README: 2 s), exit 0.
  const auto result = relay.process.wait(20s);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("0 answers back"), std::string::npos) << result.err;
}

TEST(ForwardSession, ADeadUpstreamIsReportedWhileTheRelayRuns) {
  if (running_under_wine()) {
    GTEST_SKIP() << "Wine surfaces no ICMP port unreachable on a connected socket";
  }
  std::uint16_t dead_port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    dead_port = port_of(gone);
  }
  auto relay = start_listener({"--forward", to_port(dead_port), "-q", "-t", "4s", "--progress"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(client.send_to(bytes_of("void"), loopback(net::Family::ipv4, relay.port)).ok());
  // Long before -t ends the relay.
  EXPECT_TRUE(relay.process.wait_for_stderr("refused a relayed datagram", 3s))
      << relay.process.stderr_text();
  EXPECT_TRUE(relay.process.wait_for_stderr("1 refused by the upstream", 3s))
      << relay.process.stderr_text();
  const auto result = relay.process.wait(20s);
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("1 ICMP error from the upstream"), std::string::npos) << result.err;
}

TEST(ForwardSession, AnEvictionIsSaid) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay = start_listener(
      {"--forward", to_port(port_of(upstream)), "--forward-clients", "1", "-q", "-t", "3s"});
  ASSERT_NE(relay.port, 0);
  auto first = bound_loopback_socket(net::Family::ipv4);
  auto second = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(first.send_to(bytes_of("1"), loopback(net::Family::ipv4, relay.port)).ok());
  ASSERT_TRUE(receive(upstream, 10s));
  ASSERT_TRUE(second.send_to(bytes_of("2"), loopback(net::Family::ipv4, relay.port)).ok());
  ASSERT_TRUE(receive(upstream, 10s));
  EXPECT_TRUE(relay.process.wait_for_stderr(
      "127.0.0.1:" + std::to_string(port_of(first)) + " gave way to", 10s))
      << relay.process.stderr_text();
  const auto result = relay.process.wait(20s);
  EXPECT_NE(result.err.find("1 evicted"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("at most 1\n"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace dgram::test
