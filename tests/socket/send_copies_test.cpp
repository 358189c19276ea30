// UdpSocket::send_copies: every copy arrives as its own whole datagram, the
// counts it returns add up, and a closed port stops it at once. On Linux the
// copies go out with UDP segmentation offload where the path allows it, and
// the plain way where not (datagrams too big to put two in one message);
// offload_posix_test.cpp checks which from below net.hpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "common/limits.hpp"
#include "support/loopback.hpp"

namespace dgram::test {
namespace {

struct Case {
  net::Family family;
  std::size_t size;
};

class SendCopiesTest : public testing::TestWithParam<Case> {};

// A sender connected to `receiver`.
net::UdpSocket connected_to(const net::UdpSocket& receiver, net::Family family) {
  auto sender = bound_loopback_socket(family);
  EXPECT_TRUE(sender.connect(loopback(family, port_of(receiver))).ok());
  return sender;
}

// Sends `count` copies, receives them all, and checks each one.
void send_and_receive(net::UdpSocket& sender, net::UdpSocket& receiver,
                      const std::vector<std::byte>& datagram, std::uint64_t count) {
  std::uint64_t sent = 0;
  for (int calls = 0; sent < count && calls < 1000; ++calls) {
    auto went = sender.send_copies(datagram, count - sent);
    ASSERT_TRUE(went.ok()) << went.error().message;
    ASSERT_GE(*went, 1u);
    ASSERT_LE(*went, count - sent) << "more copies than asked";
    sent += *went;
  }
  ASSERT_EQ(sent, count);
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto got = receive(receiver);
    ASSERT_TRUE(got) << "copy " << i << " of " << count << " did not arrive";
    ASSERT_EQ(got->payload, datagram) << "copy " << i;
  }
}

TEST_P(SendCopiesTest, EveryCopyArrivesAsItsOwnWholeDatagram) {
  const auto [family, size] = GetParam();
  auto receiver = bound_loopback_socket(family);
  auto sender = connected_to(receiver, family);
  const auto datagram = pattern(size);
  // Each round must fit the receive buffer, at a generous estimate of what
  // the kernel charges a datagram. 100 copies of a small one are a message
  // of 64 segments and one of 36.
  auto granted = receiver.set_receive_buffer(4 << 20);
  ASSERT_TRUE(granted.ok()) << granted.error().message;
  const std::uint64_t fit = std::max<std::uint64_t>(2, *granted / (2 * (size + 1024)));
  for (const std::uint64_t count : {1u, 2u, 100u, 100u, 64u}) {
    send_and_receive(sender, receiver, datagram, std::min(count, fit));
  }
  EXPECT_FALSE(receive(receiver, 200ms)) << "more datagrams than copies sent";
  // Whether Linux segmented them: offload_posix_test.cpp.
}

INSTANTIATE_TEST_SUITE_P(
    FamiliesAndSizes, SendCopiesTest,
    testing::Values(Case{net::Family::ipv4, 64}, Case{net::Family::ipv6, 64},
                    Case{net::Family::ipv4, 0}, Case{net::Family::ipv4, 1},
                    Case{net::Family::ipv4, 1400}, Case{net::Family::ipv6, 9000},
                    // Two do not fit one message: the plain way.
                    Case{net::Family::ipv4, 40'000}, Case{net::Family::ipv4, max_ipv4_payload}),
    [](const auto& param_info) {
      return fmt::format("{}_{}B", param_info.param.family == net::Family::ipv4 ? "IPv4" : "IPv6",
                         param_info.param.size);
    });

TEST(SendCopies, ClosedPortStopsItAtOnce) {
  std::uint16_t closed_port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    closed_port = port_of(gone);
  }
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender.connect(loopback(net::Family::ipv4, closed_port)).ok());
  const auto datagram = pattern(64);
  // Loopback answers the first datagram with ICMP port unreachable at once,
  // while the rest of the call's datagrams go out; the connected socket must
  // report it from that very call, not after the million copies asked for.
  auto went = sender.send_copies(datagram, 1'000'000);
  ASSERT_FALSE(went.ok()) << "sent " << *went << " copies to a closed port without an error";
  EXPECT_EQ(went.error().kind, ErrorKind::connection_refused) << went.error().message;
}

}  // namespace
}  // namespace dgram::test
