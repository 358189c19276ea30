// The socket options written once over each OS's setsockopt: which options
// they set with which value sizes, and how a refusal is reported.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "sockets_shared/socket_options.hpp"

namespace dgram::net {
namespace {

// Records every call; refuses the option named `refused` (0: none).
struct FakeCalls {
  using HopCount = int;
  using MulticastTtl = unsigned char;
  std::vector<std::tuple<int, int, std::size_t>>* calls;
  int refused = 0;
  bool set(int level, int name, const void*, std::size_t size) const {
    calls->emplace_back(level, name, size);
    return name != refused;
  }
  bool get(int, int, int& value) const {
    value = 4242;
    return true;
  }
  Error last_error(const std::string& context) const { return {ErrorKind::system, context}; }
};

TEST(SocketOptions, HopLimitSetsUnicastAndMulticastPerFamily) {
  std::vector<std::tuple<int, int, std::size_t>> calls;
  ASSERT_TRUE(bsd::set_hop_limit(FakeCalls{&calls}, Family::ipv4, 7));
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0], std::make_tuple(int{IPPROTO_IP}, int{IP_TTL}, sizeof(int)));
  EXPECT_EQ(calls[1], std::make_tuple(int{IPPROTO_IP}, int{IP_MULTICAST_TTL}, sizeof(char)));
  calls.clear();
  ASSERT_TRUE(bsd::set_hop_limit(FakeCalls{&calls}, Family::ipv6, 7));
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(std::get<1>(calls[0]), IPV6_UNICAST_HOPS);
  EXPECT_EQ(std::get<1>(calls[1]), IPV6_MULTICAST_HOPS);
}

TEST(SocketOptions, ARefusalNamesTheOptionAndStopsThere) {
  std::vector<std::tuple<int, int, std::size_t>> calls;
  const Status set = bsd::set_hop_limit(FakeCalls{&calls, IP_TTL}, Family::ipv4, 7);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().message, "cannot set IP_TTL");
  EXPECT_EQ(calls.size(), 1u);
}

TEST(SocketOptions, GetOptionGivesTheValue) {
  std::vector<std::tuple<int, int, std::size_t>> calls;
  const auto got = bsd::get_option(FakeCalls{&calls}, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, 4242);
}

}  // namespace
}  // namespace dgram::net
