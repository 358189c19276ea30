// listen --forward: which upstreams a relay refuses at start (issue 20:
// its own address and port, broadcast, multicast) and which it accepts
// because the listener cannot hear what it sends. Each case only starts
// dgram: a refused relay sends nothing, and an accepted one is interrupted
// before anything is relayed. This host's own non-loopback addresses are
// asked of the OS; nothing is sent to them.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "common/endpoint.hpp"
#include "common/local_addresses.hpp"
#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

struct Start {
  bool listening = false;  // it started relaying (and was interrupted)
  ProcessResult result;
};

// `dgram listen PORT ARGS...`: whether it starts, ended at once by Ctrl+C,
// or how it exits without starting.
Start start_relay(std::uint16_t port, const std::vector<std::string>& args) {
  std::vector<std::string> full{"listen", std::to_string(port)};
  full.insert(full.end(), args.begin(), args.end());
  Process process = Process::start(dgram_executable(), full);
  Start start;
  start.listening = process.wait_for_stderr("listening on ", 20s);
  if (start.listening) process.interrupt();
  start.result = process.wait(20s);
  return start;
}

// The same on a port that was free a moment ago; `upstream` makes the
// --forward argument for it. Another test may take the port meanwhile (exit
// 1, in use): then another one, a few times at most.
Start start_on_free_port(net::Family family, const std::vector<std::string>& args,
                         const std::function<std::string(std::uint16_t)>& upstream) {
  Start start;
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::uint16_t port = 0;
    {
      auto probe = bound_loopback_socket(family);
      port = port_of(probe);
    }
    std::vector<std::string> full = args;
    full.push_back("--forward");
    full.push_back(upstream(port));
    start = start_relay(port, full);
    if (start.listening || start.result.exit_code != 1) break;
  }
  return start;
}

std::function<std::string(std::uint16_t)> to(const std::string& address) {
  return [address](std::uint16_t port) { return address + ":" + std::to_string(port); };
}

void expect_refused(const Start& start, const std::string& words) {
  EXPECT_FALSE(start.listening) << "a relay that would loop started: " << start.result.err;
  EXPECT_EQ(start.result.exit_code, 2) << start.result.err;
  EXPECT_TRUE(start.result.err.starts_with("dgram: error: --forward ")) << start.result.err;
  EXPECT_EQ(lines_of(start.result.err).size(), 1u) << start.result.err;
  EXPECT_NE(start.result.err.find(words), std::string::npos) << start.result.err;
}

void expect_accepted(const Start& start) {
  EXPECT_TRUE(start.listening) << "exit " << start.result.exit_code << ": " << start.result.err;
  EXPECT_TRUE(ended_by_interrupt(start.result))
      << start.result.exit_code << ": " << start.result.err;
}

// This host's own addresses other than loopback, as --forward takes them.
std::vector<std::string> own_addresses() {
  std::vector<std::string> typed;
  auto local = net::local_addresses();
  EXPECT_TRUE(local.ok());
  if (!local.ok()) return typed;
  for (const net::Endpoint& address : local->addresses) {
    if (is_loopback(address)) continue;
    const std::string text = net::address_text(address);  // fe80::1%2: the scope as an index
    if (address.family == net::Family::ipv4) {
      typed.push_back(text);
      typed.push_back("[::ffff:" + text + "]");
    } else {
      typed.push_back("[" + text + "]");
    }
  }
  return typed;
}

TEST(ForwardUpstream, ItsOwnLoopbackAddressAndPortIsRefused) {
  expect_refused(start_on_free_port(net::Family::ipv4, {}, to("127.0.0.1")), "own port");
  expect_refused(start_on_free_port(net::Family::ipv4, {"-4"}, to("127.0.0.2")), "own port");
  expect_refused(start_on_free_port(net::Family::ipv6, {}, to("[::1]")), "own port");
  expect_refused(start_on_free_port(net::Family::ipv4, {}, to("[::ffff:127.0.0.1]")), "own port");
  expect_refused(start_on_free_port(net::Family::ipv4, {}, to("localhost")), "own port");
}

TEST(ForwardUpstream, EveryOtherAddressOfThisHostOnItsOwnPortIsRefused) {
  const std::vector<std::string> own = own_addresses();
  if (own.empty()) GTEST_SKIP() << "this host has no address besides loopback";
  for (const std::string& address : own) {
    const Start start = start_on_free_port(net::Family::ipv4, {}, to(address));
    expect_refused(start, "own port");
    EXPECT_NE(start.result.err.find("forward to another port or host"), std::string::npos)
        << address << ": " << start.result.err;
  }
}

TEST(ForwardUpstream, ARelayThatCannotHearItsUpstreamStarts) {
  // Bound to 127.0.0.1, it never hears 127.0.0.53.
  expect_accepted(start_on_free_port(net::Family::ipv4, {"-b", "127.0.0.1"}, to("127.0.0.53")));
  // IPv4 only: [::1] is another socket's port.
  expect_accepted(start_on_free_port(net::Family::ipv4, {"-4"}, to("[::1]")));
  // IPv6 only: 127.0.0.1 is another socket's port.
  expect_accepted(start_on_free_port(net::Family::ipv6, {"-6"}, to("127.0.0.1")));
}

TEST(ForwardUpstream, BroadcastAndMulticastUpstreamsAreRefused) {
  for (const char* broadcast : {"255.255.255.255:9", "[::ffff:255.255.255.255]:9"}) {
    expect_refused(start_relay(0, {"--forward", broadcast}), "is a broadcast address");
  }
  for (const char* group : {"239.1.2.3:9", "224.0.0.251:5353", "[ff05::1:3]:9"}) {
    expect_refused(start_relay(0, {"--forward", group}), "is a multicast group");
  }
}

TEST(ForwardUpstream, ASubnetBroadcastOfThisHostIsRefused) {
  auto local = net::local_addresses();
  ASSERT_TRUE(local.ok());
  if (local->broadcasts.empty()) GTEST_SKIP() << "no interface of this host has a broadcast";
  for (const net::Endpoint& broadcast : local->broadcasts) {
    const std::string upstream = net::address_text(broadcast) + ":9";
    expect_refused(start_relay(0, {"--forward", upstream}), "is a broadcast address");
  }
}

}  // namespace
}  // namespace dgram::test
