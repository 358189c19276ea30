// send_batch says how many datagrams went out, also when a refusal stops the
// batch part-way: dgram send counts them (its summary's "sent"). The relay's
// send_batch_now sends a batch to one address from an unconnected socket
// (answers to a client) or to the connected peer (datagrams upstream).
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "support/loopback.hpp"

namespace dgram::test {
namespace {

TEST(SendBatch, AWholeBatchCountsEveryDatagram) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender.connect(loopback(net::Family::ipv4, port_of(receiver))).ok());
  const auto a = bytes_of("a");
  const auto b = bytes_of("bb");
  const auto c = bytes_of("ccc");
  const std::array<std::span<const std::byte>, 3> batch = {a, b, c};
  std::size_t sent = 99;
  ASSERT_TRUE(sender.send_batch(batch, sent).ok());
  EXPECT_EQ(sent, 3u);
  for (const char* text : {"a", "bb", "ccc"}) {
    const auto got = receive(receiver);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->text(), text);
  }
}

TEST(SendBatch, ARefusalPartWayCountsWhatWentOutBeforeIt) {
  std::uint16_t closed_port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    closed_port = port_of(gone);
  }
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender.connect(loopback(net::Family::ipv4, closed_port)).ok());
  const auto payload = bytes_of("anyone?");
  std::array<std::span<const std::byte>, 8> batch;
  batch.fill(payload);
  std::size_t sent = 99;
  const Status status = sender.send_batch(batch, sent);
  if (status) {
    // Where the refusal only shows on a later call (Windows), all went out.
    EXPECT_EQ(sent, batch.size());
  } else {
    // Loopback answers the first at once; it went out before the refusal.
    EXPECT_EQ(status.error().kind, ErrorKind::connection_refused) << status.error().message;
    EXPECT_GE(sent, 1u);
    EXPECT_LT(sent, batch.size());
  }
}

// More datagrams than one system call takes (net::batch_most), each its own
// size, from the listener-like unconnected socket to one address: all of
// them, in order.
TEST(SendBatchNow, ToOneAddressSendsEveryDatagramInOrder) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(receiver.set_receive_buffer(1 << 20).ok());
  auto sender = bound_loopback_socket(net::Family::ipv4);
  const std::size_t count = net::batch_most * 2 + 5;
  std::vector<std::vector<std::byte>> payloads;
  for (std::size_t i = 0; i < count; ++i) payloads.push_back(bytes_of(std::string(i + 1, 'x')));
  const std::vector<std::span<const std::byte>> batch(payloads.begin(), payloads.end());
  const net::Endpoint to = loopback(net::Family::ipv4, port_of(receiver));
  std::size_t sent = 0;
  ASSERT_TRUE(sender.send_batch_now(batch, &to, sent).ok());
  EXPECT_EQ(sent, count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto got = receive(receiver);
    ASSERT_TRUE(got) << "datagram " << i;
    EXPECT_EQ(got->payload.size(), i + 1);
    EXPECT_EQ(got->from.port, port_of(sender));
  }
}

TEST(SendBatchNow, ToTheConnectedPeerWithoutAnAddress) {
  auto receiver = bound_loopback_socket(net::Family::ipv6);
  auto sender = bound_loopback_socket(net::Family::ipv6);
  ASSERT_TRUE(sender.connect(loopback(net::Family::ipv6, port_of(receiver))).ok());
  const auto a = bytes_of("first");
  const auto b = bytes_of("second");
  const std::array<std::span<const std::byte>, 2> batch = {a, b};
  std::size_t sent = 0;
  ASSERT_TRUE(sender.send_batch_now(batch, nullptr, sent).ok());
  EXPECT_EQ(sent, 2u);
  for (const char* text : {"first", "second"}) {
    const auto got = receive(receiver);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->text(), text);
  }
}

// Runs of one size (which Linux sends as one message the kernel cuts
// apart), a shorter one after a run, empty ones and sizes alone: every
// datagram arrives whole, in order, no two run together.
TEST(SendBatchNow, RunsOfOneSizeArriveAsTheirOwnDatagrams) {
  const std::vector<std::size_t> sizes = {100, 100, 100, 100, 100, 37, 100,  100,  0,    0,  64,
                                          64,  1,   1,   1,   64,  64, 9000, 9000, 8999, 65, 65};
  std::vector<std::vector<std::byte>> payloads;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    std::vector<std::byte> payload(sizes[i], static_cast<std::byte>('a' + i));
    payloads.push_back(std::move(payload));
  }
  const std::vector<std::span<const std::byte>> batch(payloads.begin(), payloads.end());
  for (const net::Family family : {net::Family::ipv4, net::Family::ipv6}) {
    auto receiver = bound_loopback_socket(family);
    ASSERT_TRUE(receiver.set_receive_buffer(1 << 20).ok());
    auto sender = bound_loopback_socket(family);
    const net::Endpoint to = loopback(family, port_of(receiver));
    std::size_t sent = 0;
    ASSERT_TRUE(sender.send_batch_now(batch, &to, sent).ok());
    EXPECT_EQ(sent, sizes.size());
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      const auto got = receive(receiver);
      ASSERT_TRUE(got) << "datagram " << i;
      EXPECT_EQ(got->payload, payloads[i]) << "datagram " << i;
    }
    EXPECT_FALSE(receive(receiver, std::chrono::milliseconds(200))) << "more than was sent";
  }
}

}  // namespace
}  // namespace dgram::test
