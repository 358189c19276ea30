// listen --forward: the UDP relay, end to end on the real binary. The
// upstream and the clients are sockets of this test (so the same test runs
// natively and as dgram.exe under Wine); dgram relays between them.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

// "c7:42": client 7's datagram of round 42.
std::string tag(std::size_t client, std::size_t round) {
  std::string text = "c";
  text += std::to_string(client);
  text += ':';
  text += std::to_string(round);
  return text;
}

std::string forward_to(net::Family family, std::uint16_t port) {
  return (family == net::Family::ipv4 ? "127.0.0.1:" : "[::1]:") + std::to_string(port);
}

// The upstream's side of one exchange: takes the next datagram, answers it
// with "A:" and the payload, and returns it with its sender.
std::optional<Datagram> answer_next(net::UdpSocket& upstream) {
  auto got = receive(upstream, 10s);
  if (!got) return std::nullopt;
  std::vector<std::byte> answer = bytes_of("A:");
  answer.insert(answer.end(), got->payload.begin(), got->payload.end());
  EXPECT_TRUE(upstream.send_to(answer, got->from).ok());
  return got;
}

// One client datagram through the relay and its answer back; returns the
// port the upstream saw it come from (0 when something went wrong).
std::uint16_t exchange(net::UdpSocket& client, std::uint16_t relay, net::UdpSocket& upstream,
                       const std::string& payload, net::Family family = net::Family::ipv4) {
  EXPECT_TRUE(client.send_to(bytes_of(payload), loopback(family, relay)).ok());
  const auto seen = answer_next(upstream);
  if (!seen) {
    ADD_FAILURE() << "the upstream did not get '" << payload << "'";
    return 0;
  }
  EXPECT_EQ(seen->text(), payload);
  const auto back = receive(client, 10s);
  if (!back) {
    ADD_FAILURE() << "no answer to '" << payload << "'";
    return 0;
  }
  EXPECT_EQ(back->text(), std::string("A:") + payload);
  EXPECT_EQ(back->from.port, relay);
  return seen->from.port;
}

// The relay exits 3 once nothing was relayed for its -t; the summary is
// what it counted.
ProcessResult finish_quietly(RunningListener& relay) {
  auto result = relay.process.wait(30s);
  EXPECT_EQ(result.exit_code, 3) << result.err;
  return result;
}

TEST(Forward, FiftyConcurrentClientsEachGetExactlyTheirOwnAnswers) {
  constexpr std::size_t clients = 50;
  constexpr std::size_t rounds = 100;  // datagrams per client
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay = start_listener(
      {"--forward", forward_to(net::Family::ipv4, port_of(upstream)), "-q", "-t", "3s"});
  ASSERT_NE(relay.port, 0);
  std::vector<net::UdpSocket> sockets;
  for (std::size_t c = 0; c < clients; ++c)
    sockets.push_back(bound_loopback_socket(net::Family::ipv4));
  std::map<std::size_t, std::uint16_t> upstream_port_of;  // client id → the port the upstream saw
  std::size_t answers = 0;
  for (std::size_t round = 0; round < rounds; ++round) {
    // All 50 in flight at once through the relay, then every answer.
    for (std::size_t c = 0; c < clients; ++c) {
      const std::string payload = tag(c, round);
      ASSERT_TRUE(
          sockets[c].send_to(bytes_of(payload), loopback(net::Family::ipv4, relay.port)).ok());
    }
    for (std::size_t c = 0; c < clients; ++c) {
      const auto seen = answer_next(upstream);
      ASSERT_TRUE(seen) << "round " << round << ": the upstream got " << c << " of " << clients;
      const std::string text = seen->text();
      const auto id = static_cast<std::size_t>(std::stoul(text.substr(1, text.find(':') - 1)));
      ASSERT_EQ(text, tag(id, round));
      // Each client has one upstream port of its own for the whole run.
      const auto [known, fresh] = upstream_port_of.emplace(id, seen->from.port);
      EXPECT_EQ(known->second, seen->from.port) << "client " << id;
    }
    for (std::size_t c = 0; c < clients; ++c) {
      const auto back = receive(sockets[c], 10s);
      ASSERT_TRUE(back) << "round " << round << ": no answer for client " << c;
      EXPECT_EQ(back->text(), std::string("A:") + tag(c, round));
      ++answers;
    }
  }
  std::set<std::uint16_t> distinct;
  for (const auto& [id, port] : upstream_port_of) distinct.insert(port);
  EXPECT_EQ(distinct.size(), clients);
  EXPECT_EQ(answers, clients * rounds);
  // Nothing more came to any client than its own answers.
  for (auto& socket : sockets) EXPECT_FALSE(receive(socket, 0ms));
  const auto result = finish_quietly(relay);
  EXPECT_NE(result.err.find("dgram: received 5000 datagrams"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("relayed 5000 datagrams to 127.0.0.1:" +
                            std::to_string(port_of(upstream)) + ", 5000 answers back ("),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("clients: 50 opened, 0 expired, 0 evicted"), std::string::npos)
      << result.err;
}

// The largest datagram of each family goes through whole both ways, while
// -m shows only its start.
void relay_the_largest(net::Family family, std::size_t size) {
  auto upstream = bound_loopback_socket(family);
  auto relay = start_listener(
      {"--forward", forward_to(family, port_of(upstream)), "-m", "100", "-f", "json", "-t", "2s"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(family);
  const auto payload = pattern(size);
  ASSERT_TRUE(client.send_to(payload, loopback(family, relay.port)).ok());
  const auto seen = receive(upstream, 10s);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->payload, payload);  // relayed whole
  std::vector<std::byte> answer = payload;
  answer.back() = std::byte{0x55};
  ASSERT_TRUE(upstream.send_to(answer, seen->from).ok());
  const auto back = receive(client, 10s);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->payload, answer);
  const auto result = finish_quietly(relay);
  const auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 2u) << result.out;
  const auto request = nlohmann::json::parse(lines[0]);
  const auto response = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(request["port"], port_of(client));
  EXPECT_EQ(request["size"], size);
  EXPECT_EQ(request["truncated"], true);
  EXPECT_EQ(response["port"], port_of(upstream));  // an answer: its sender is the upstream
  EXPECT_EQ(response["size"], size);
  EXPECT_EQ(response["truncated"], true);
  EXPECT_NE(result.err.find("2 truncated"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("1 answer back (" + std::to_string(size) + " bytes)"),
            std::string::npos)
      << result.err;
}

TEST(Forward, TheLargestIpv4DatagramIsRelayedWholeBothWays) {
  relay_the_largest(net::Family::ipv4, 65507);
}

TEST(Forward, TheLargestIpv6DatagramIsRelayedWholeBothWays) {
  relay_the_largest(net::Family::ipv6, 65527);
}

TEST(Forward, TextRecordsShowBothDirectionsBySender) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay =
      start_listener({"--forward", forward_to(net::Family::ipv4, port_of(upstream)), "-t", "2s"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  exchange(client, relay.port, upstream, "ping");
  const auto result = finish_quietly(relay);
  EXPECT_EQ(result.out, "127.0.0.1:" + std::to_string(port_of(client)) +
                            " ping\n127.0.0.1:" + std::to_string(port_of(upstream)) + " A:ping\n");
}

TEST(Forward, AnIdleClientGetsAFreshUpstreamPort) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay = start_listener({"--forward", forward_to(net::Family::ipv4, port_of(upstream)),
                               "--forward-idle", "1s", "-q", "-t", "4s"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  const std::uint16_t first = exchange(client, relay.port, upstream, "one");
  const std::uint16_t again = exchange(client, relay.port, upstream, "two");
  EXPECT_EQ(again, first);  // within 1 s, even on a busy machine
  std::this_thread::sleep_for(2500ms);
  const std::uint16_t fresh = exchange(client, relay.port, upstream, "three");
  EXPECT_NE(fresh, 0);
  EXPECT_NE(fresh, first);
  const auto result = finish_quietly(relay);
  // The second entry expires too while -t runs out.
  EXPECT_NE(result.err.find("clients: 2 opened, 2 expired, 0 evicted"), std::string::npos)
      << result.err;
}

TEST(Forward, AFullTableClosesTheLeastRecentlyActiveClient) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay = start_listener({"--forward", forward_to(net::Family::ipv4, port_of(upstream)),
                               "--forward-clients", "2", "-q", "-t", "2s"});
  ASSERT_NE(relay.port, 0);
  auto a = bound_loopback_socket(net::Family::ipv4);
  auto b = bound_loopback_socket(net::Family::ipv4);
  auto c = bound_loopback_socket(net::Family::ipv4);
  const std::uint16_t a_port = exchange(a, relay.port, upstream, "a1");
  const std::uint16_t b_port = exchange(b, relay.port, upstream, "b1");
  const std::uint16_t c_port = exchange(c, relay.port, upstream, "c1");   // a gives way
  EXPECT_EQ(exchange(b, relay.port, upstream, "b2"), b_port);             // b stays
  const std::uint16_t a_again = exchange(a, relay.port, upstream, "a2");  // c gives way
  EXPECT_NE(a_again, a_port);
  EXPECT_NE(a_again, 0);
  EXPECT_EQ(exchange(b, relay.port, upstream, "b3"), b_port);
  EXPECT_EQ(std::set<std::uint16_t>({a_port, b_port, c_port, a_again}).size(), 4u);
  const auto result = finish_quietly(relay);
  EXPECT_NE(result.err.find("relayed 6 datagrams"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("clients: 4 opened, 0 expired, 2 evicted"), std::string::npos)
      << result.err;
}

TEST(Forward, Ipv4ClientsToAnIpv6UpstreamAndBack) {
  auto upstream6 = bound_loopback_socket(net::Family::ipv6);
  auto relay4 = start_listener(
      {"-4", "--forward", forward_to(net::Family::ipv6, port_of(upstream6)), "-q", "-t", "2s"});
  ASSERT_NE(relay4.port, 0);
  auto client4 = bound_loopback_socket(net::Family::ipv4);
  EXPECT_NE(exchange(client4, relay4.port, upstream6, "four to six"), 0);
  finish_quietly(relay4);

  auto upstream4 = bound_loopback_socket(net::Family::ipv4);
  auto relay6 = start_listener(
      {"-6", "--forward", forward_to(net::Family::ipv4, port_of(upstream4)), "-q", "-t", "2s"});
  ASSERT_NE(relay6.port, 0);
  auto client6 = bound_loopback_socket(net::Family::ipv6);
  EXPECT_NE(exchange(client6, relay6.port, upstream4, "six to four", net::Family::ipv6), 0);
  finish_quietly(relay6);
}

TEST(Forward, DualStackRelayServesBothFamilies) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay = start_listener(
      {"--forward", forward_to(net::Family::ipv4, port_of(upstream)), "-f", "json", "-t", "2s"});
  ASSERT_NE(relay.port, 0);
  auto client4 = bound_loopback_socket(net::Family::ipv4);
  auto client6 = bound_loopback_socket(net::Family::ipv6);
  const auto p4 = exchange(client4, relay.port, upstream, "v4");
  const auto p6 = exchange(client6, relay.port, upstream, "v6", net::Family::ipv6);
  EXPECT_NE(p4, p6);
  const auto result = finish_quietly(relay);
  const auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 4u) << result.out;
  EXPECT_EQ(nlohmann::json::parse(lines[0])["from"], "127.0.0.1");  // unmapped
  EXPECT_EQ(nlohmann::json::parse(lines[2])["from"], "::1");
}

TEST(Forward, AllowRejectsAClientAndNothingIsRelayed) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay = start_listener({"--forward", forward_to(net::Family::ipv4, port_of(upstream)),
                               "--allow", "::1", "-t", "2s"});
  ASSERT_NE(relay.port, 0);
  auto outsider = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(
      outsider.send_to(bytes_of("let me in"), loopback(net::Family::ipv4, relay.port)).ok());
  EXPECT_FALSE(receive(upstream, 1s));
  auto insider = bound_loopback_socket(net::Family::ipv6);
  EXPECT_NE(exchange(insider, relay.port, upstream, "welcome", net::Family::ipv6), 0);
  const auto result = finish_quietly(relay);
  EXPECT_EQ(result.out.find("let me in"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("1 rejected by --allow"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("relayed 1 datagram to"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("clients: 1 opened"), std::string::npos) << result.err;
}

TEST(Forward, AnswersFromAnywhereButTheUpstreamAreDropped) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay = start_listener(
      {"--forward", forward_to(net::Family::ipv4, port_of(upstream)), "-q", "-t", "2s"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(client.send_to(bytes_of("hello"), loopback(net::Family::ipv4, relay.port)).ok());
  const auto seen = receive(upstream, 10s);
  ASSERT_TRUE(seen);
  // A stranger who learned the client's upstream port cannot reach the client.
  auto stranger = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(stranger.send_to(bytes_of("spoof"), seen->from).ok());
  ASSERT_TRUE(upstream.send_to(bytes_of("real"), seen->from).ok());
  const auto back = receive(client, 10s);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->text(), "real");
  EXPECT_FALSE(receive(client, 500ms));
  const auto result = finish_quietly(relay);
  EXPECT_NE(result.err.find("1 answer back"), std::string::npos) << result.err;
}

TEST(Forward, VanishedClientsAndADeadUpstreamNeverStopTheRelay) {
  std::uint16_t dead_port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    dead_port = port_of(gone);
  }
  auto relay =
      start_listener({"--forward", forward_to(net::Family::ipv4, dead_port), "-q", "-t", "3s"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  // Every one of these draws an ICMP port unreachable for its upstream socket.
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(client.send_to(bytes_of("void"), loopback(net::Family::ipv4, relay.port)).ok());
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(receive(client, 300ms));
  const auto result = finish_quietly(relay);
  EXPECT_NE(result.err.find("dgram: received 5 datagrams"), std::string::npos) << result.err;
#if defined(__linux__)
  // Linux reports the refusals on the connected upstream sockets: counted.
  // (Windows, with SIO_UDP_CONNRESET off, does not report them.)
  EXPECT_NE(result.err.find("ICMP errors from the upstream"), std::string::npos) << result.err;
#endif

  // Answers to clients that are gone draw ICMP errors on the listener.
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay2 = start_listener(
      {"--forward", forward_to(net::Family::ipv4, port_of(upstream)), "-q", "-t", "3s"});
  ASSERT_NE(relay2.port, 0);
  std::vector<net::Endpoint> relayed_from;  // the vanished clients' upstream sockets
  for (int i = 0; i < 20; ++i) {
    auto vanishing = bound_loopback_socket(net::Family::ipv4);
    ASSERT_TRUE(vanishing.send_to(bytes_of("bye"), loopback(net::Family::ipv4, relay2.port)).ok());
    const auto seen = receive(upstream, 10s);
    ASSERT_TRUE(seen);
    relayed_from.push_back(seen->from);
  }
  // Their clients are closed now: each answer goes back to nobody.
  for (const auto& from : relayed_from) {
    ASSERT_TRUE(upstream.send_to(bytes_of("too late"), from).ok());
  }
  auto survivor = bound_loopback_socket(net::Family::ipv4);
  EXPECT_NE(exchange(survivor, relay2.port, upstream, "still there?"), 0);
  const auto survived = finish_quietly(relay2);
  EXPECT_NE(survived.err.find("21 answers back"), std::string::npos) << survived.err;
}

TEST(Forward, InterruptEndsTheRelayWith130AndTheSummary) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay =
      start_listener({"--forward", forward_to(net::Family::ipv4, port_of(upstream)), "-q"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  exchange(client, relay.port, upstream, "x");
  relay.process.interrupt();
  const auto result = relay.process.wait(20s);
  EXPECT_TRUE(ended_by_interrupt(result)) << result.exit_code << ": " << result.err;
  EXPECT_NE(result.err.find("relayed 1 datagram to"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("clients: 1 opened"), std::string::npos) << result.err;
}

TEST(Forward, BadInputsAreUsageErrorsBeforeAnythingIsBound) {
  const std::vector<std::vector<std::string>> cases = {
      {"--forward", ""},
      {"--forward", "127.0.0.1"},
      {"--forward", "127.0.0.1:"},
      {"--forward", "127.0.0.1:0"},
      {"--forward", "127.0.0.1:70000"},
      {"--forward", "127.0.0.1:http"},
      {"--forward", "::1:9000"},
      {"--forward", "[::1]"},
      {"--forward", "[::1:9000"},
      {"--forward", ":9000"},
      {"--forward", "fe80::1%nosuch_if0"},
      {"--forward", "[fe80::1]:9000"},
      {"--forward", "127.0.0.1:9", "--echo"},
      {"--forward", "127.0.0.1:9", "--talk"},
      {"--forward-idle", "1s"},
      {"--forward-clients", "5"},
      {"--forward", "127.0.0.1:9", "--forward-idle", "0.5ms"},
      {"--forward", "127.0.0.1:9", "--forward-idle", "soon"},
      {"--forward", "127.0.0.1:9", "--forward-clients", "0"},
      {"--forward", "127.0.0.1:9", "--forward-clients", "1025"},
  };
  for (const auto& args : cases) {
    std::vector<std::string> full{"listen", "0"};
    full.insert(full.end(), args.begin(), args.end());
    const auto result = run_dgram(full);
    std::string shown;
    for (const auto& arg : args) shown += " '" + arg + "'";
    EXPECT_EQ(result.exit_code, 2) << shown << ": " << result.err;
    EXPECT_TRUE(result.err.starts_with("dgram: error: ")) << shown << ": " << result.err;
    EXPECT_EQ(lines_of(result.err).size(), 1u) << shown << ": " << result.err;
    EXPECT_EQ(result.err.find("listening"), std::string::npos) << shown;
  }
}

TEST(Forward, ToItsOwnPortIsRefused) {
  // A free port, found by binding and closing it; another test may take it
  // meanwhile (exit 1, in use): then another one, a few times at most.
  ProcessResult result;
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::uint16_t port = 0;
    {
      auto probe = bound_loopback_socket(net::Family::ipv4);
      port = port_of(probe);
    }
    result = run_dgram({"listen", std::to_string(port), "-b", "127.0.0.1", "--forward",
                        "127.0.0.1:" + std::to_string(port)});
    if (result.exit_code != 1) break;
  }
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("own port"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace dgram::test
