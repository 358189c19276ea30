#include "common/echo_policy.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

net::Endpoint from_port(std::uint16_t port) {
  net::Endpoint endpoint;
  endpoint.address = {127, 0, 0, 1};
  endpoint.port = port;
  return endpoint;
}

TEST(EchoPolicy, OrdinarySendersGetTheirEcho) {
  EXPECT_TRUE(may_echo_to(from_port(53000), 7007));
  EXPECT_TRUE(may_echo_to(from_port(1024), 7007));
}

TEST(EchoPolicy, NoEchoThatCouldLoop) {
  EXPECT_FALSE(may_echo_to(from_port(7007), 7007)) << "its own port: itself or a twin";
  for (const int port : {0, 7, 13, 17, 19, 37}) {
    EXPECT_FALSE(may_echo_to(from_port(static_cast<std::uint16_t>(port)), 7007)) << port;
  }
}

}  // namespace
}  // namespace dgram
