// send_batch says how many datagrams went out, also when a refusal stops the
// batch part-way: dgram send counts them (its summary's "sent").
#include <gtest/gtest.h>

#include <array>

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

}  // namespace
}  // namespace dgram::test
