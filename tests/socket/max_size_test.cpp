// Receiving always reads with a buffer of the protocol maximum, so the OS
// never cuts a datagram and its true size is known on every platform.
#include <gtest/gtest.h>

#include "common/wait.hpp"

#include "common/limits.hpp"
#include "common/records/text_record.hpp"
#include "support/loopback.hpp"

namespace dgram::test {
namespace {

TEST(MaxSize, LargestIpv4DatagramArrivesWhole) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  const auto payload = pattern(max_ipv4_payload);
  auto sent = sender.send_to(payload, loopback(net::Family::ipv4, port_of(receiver)));
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload.size(), 65507u);
  EXPECT_EQ(got->payload, payload);
}

TEST(MaxSize, OneByteOverTheIpv4LimitIsRefusedByTheOs) {
  auto sender = bound_loopback_socket(net::Family::ipv4);
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  auto sent =
      sender.send_to(pattern(max_ipv4_payload + 1), loopback(net::Family::ipv4, port_of(receiver)));
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().kind, ErrorKind::message_too_big) << sent.error().message;
}

TEST(MaxSize, DatagramOverTheLimitIsShownCutWithItsTrueSize) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender.send_to(pattern(2000), loopback(net::Family::ipv4, port_of(receiver))).ok());
  std::vector<std::byte> buffer(max_datagram_size);
  ASSERT_EQ(*net::wait_readable(receiver, 5s), net::Readiness::readable);
  auto received = receiver.receive_from(buffer);
  ASSERT_TRUE(received.ok()) << received.error().message;
  EXPECT_EQ(received->size, 2000u);

  std::string record;
  append_text_record(record, received->from, std::span(buffer).first(default_max_size),
                     received->size);
  EXPECT_NE(record.find("[truncated: 1024 of 2000 bytes] "), std::string::npos);
}

}  // namespace
}  // namespace dgram::test
