#include "common/listen/talk_back.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

net::Endpoint ipv4(std::uint8_t last, std::uint16_t port) {
  net::Endpoint endpoint;
  endpoint.address = {127, 0, 0, last};
  endpoint.port = port;
  return endpoint;
}

TEST(TalkPeer, NobodyUntilSomeoneSpeaks) {
  TalkPeer peer;
  EXPECT_FALSE(peer.current());
}

TEST(TalkPeer, TheSenderHeardLastIsAnsweredAndOnlyAChangeIsReported) {
  TalkPeer peer;
  EXPECT_TRUE(peer.heard(ipv4(1, 5000)));
  EXPECT_FALSE(peer.heard(ipv4(1, 5000))) << "the same sender again is no change";
  EXPECT_EQ(peer.current(), ipv4(1, 5000));
  EXPECT_TRUE(peer.heard(ipv4(1, 5001))) << "another port is another sender";
  EXPECT_TRUE(peer.heard(ipv4(2, 5001))) << "another address too";
  EXPECT_EQ(peer.current(), ipv4(2, 5001));
  EXPECT_TRUE(peer.heard(ipv4(1, 5000))) << "back to the first";
}

}  // namespace
}  // namespace dgram
