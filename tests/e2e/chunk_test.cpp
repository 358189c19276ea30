#include <gtest/gtest.h>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(Chunk, TwoThousandBytesArriveAs1024Then976) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  std::string payload;
  for (int i = 0; i < 2000; ++i) payload += static_cast<char>('a' + i % 26);
  const auto result =
      run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "--chunk"}, payload);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto first = receive(receiver);
  const auto second = receive(receiver);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->text(), payload.substr(0, 1024));
  EXPECT_EQ(second->text(), payload.substr(1024));
  EXPECT_FALSE(receive(receiver, 200ms)) << "no third datagram";
}

TEST(Chunk, SmallerLimitMakesMorePieces) {
  auto receiver = bound_loopback_socket(net::Family::ipv6);
  const auto result = run_dgram(
      {"send", "::1", std::to_string(port_of(receiver)), "--chunk", "-m", "4", "abcdefghij"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  for (const char* piece : {"abcd", "efgh", "ij"}) {
    const auto got = receive(receiver);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->text(), piece);
  }
}

}  // namespace
}  // namespace dgram::test
