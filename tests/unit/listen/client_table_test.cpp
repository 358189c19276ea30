// The relay's client table with an injected clock: every call takes "now",
// so expiry and least-recent eviction are checked without waiting.
#include "common/listen/client_table.hpp"
#include "common/local_addresses.hpp"

#include <gtest/gtest.h>

#include "common/listen/relay.hpp"

namespace dgram {
namespace {

using Clock = ClientTable::Clock;
using std::chrono::milliseconds;

net::Endpoint client(std::uint16_t port) {
  net::Endpoint endpoint;
  endpoint.address = {127, 0, 0, 1};
  endpoint.port = port;
  return endpoint;
}

net::UdpSocket socket() {
  auto opened = net::UdpSocket::open(net::Family::ipv4);
  EXPECT_TRUE(opened.ok());
  return std::move(opened).value();
}

TEST(ClientTable, ExpiresOnlyClientsIdleForTheIdleTime) {
  ClientTable table(10, milliseconds(1000));
  const Clock::time_point t0{};
  std::optional<ClientTable::Client> evicted;
  table.add(client(1), socket(), 50001, t0, evicted);
  table.add(client(2), socket(), 50002, t0 + milliseconds(600), evicted);
  EXPECT_EQ(table.next_expiry(), t0 + milliseconds(1000));
  EXPECT_EQ(table.expire(t0 + milliseconds(999)), 0u);
  EXPECT_EQ(table.expire(t0 + milliseconds(1000)), 1u);
  EXPECT_EQ(table.find(client(1)), nullptr);
  EXPECT_FALSE(table.has_local_port(50001));
  ASSERT_NE(table.find(client(2)), nullptr);
  EXPECT_EQ(table.next_expiry(), t0 + milliseconds(1600));
  // Activity moves a client's expiry.
  table.find(client(2))->last_active = t0 + milliseconds(1500);
  EXPECT_EQ(table.expire(t0 + milliseconds(1600)), 0u);
  EXPECT_EQ(table.expire(t0 + milliseconds(2500)), 1u);
  EXPECT_EQ(table.size(), 0u);
  EXPECT_FALSE(table.next_expiry());
}

TEST(ClientTable, AFullTableEvictsTheLeastRecentlyActiveAndHandsItOver) {
  ClientTable table(3, milliseconds(60'000));
  const Clock::time_point t0{};
  std::optional<ClientTable::Client> evicted;
  for (std::uint16_t port = 1; port <= 3; ++port) {
    table.add(client(port), socket(), static_cast<std::uint16_t>(50000 + port),
              t0 + milliseconds(port), evicted);
    EXPECT_FALSE(evicted);
  }
  // Client 1 was added first but is the most recently active now.
  table.find(client(1))->last_active = t0 + milliseconds(10);
  table.add(client(4), socket(), 50004, t0 + milliseconds(11), evicted);
  ASSERT_TRUE(evicted);
  EXPECT_EQ(evicted->address, client(2));
  EXPECT_EQ(evicted->local_port, 50002);
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table.find(client(2)), nullptr);
  EXPECT_FALSE(table.has_local_port(50002));
  EXPECT_TRUE(table.has_local_port(50004));
  EXPECT_NE(table.find(client(1)), nullptr);
}

TEST(ClientTable, KnowsWhoStillAwaitsAnAnswer) {
  ClientTable table(2, milliseconds(1000));
  std::optional<ClientTable::Client> evicted;
  auto& one = table.add(client(1), socket(), 50001, Clock::time_point{}, evicted);
  EXPECT_FALSE(table.any_awaiting_answer());
  one.awaiting_answer = true;
  EXPECT_TRUE(table.any_awaiting_answer());
}

// What Relay::refuses takes for "this host" when a datagram comes from one
// of its upstream sockets' ports: loopback, mapped or not, and the host's own
// addresses, never another host's.
TEST(RelayLoop, ThisHostIsLoopbackOrOneOfItsAddresses) {
  net::LocalAddresses host;
  net::Endpoint own;
  own.address = {192, 0, 2, 7};
  host.addresses.push_back(own);
  net::Endpoint from;
  from.address = {127, 0, 0, 2};
  EXPECT_TRUE(is_local_address(from, host));
  from.address = {192, 0, 2, 7};
  EXPECT_TRUE(is_local_address(from, host));
  from.address = {192, 0, 2, 8};
  EXPECT_FALSE(is_local_address(from, host));
  net::Endpoint v6;
  v6.family = net::Family::ipv6;
  v6.address[15] = 1;
  EXPECT_TRUE(is_local_address(v6, host));
  // ::ffff:127.0.0.1 and ::ffff:192.0.2.7, as a dual-stack listener hears IPv4.
  net::Endpoint mapped;
  mapped.family = net::Family::ipv6;
  mapped.address = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
  EXPECT_TRUE(is_local_address(mapped, host));
  mapped.address = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 7};
  EXPECT_TRUE(is_local_address(mapped, host));
}

}  // namespace
}  // namespace dgram
