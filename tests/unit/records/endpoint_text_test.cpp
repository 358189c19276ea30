#include "common/records/endpoint_text.hpp"

#include <gtest/gtest.h>

#include "common/endpoint.hpp"

namespace dgram {
namespace {

net::Endpoint v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d,
                 std::uint16_t port) {
  net::Endpoint endpoint;
  endpoint.address = {a, b, c, d};
  endpoint.port = port;
  return endpoint;
}

TEST(EndpointText, Ipv4IsAddrColonPort) {
  EXPECT_EQ(endpoint_text(v4(127, 0, 0, 1, 53000)), "127.0.0.1:53000");
}

TEST(EndpointText, Ipv6IsBracketed) {
  net::Endpoint endpoint;
  endpoint.family = net::Family::ipv6;
  endpoint.address[15] = 1;
  endpoint.port = 8081;
  EXPECT_EQ(endpoint_text(endpoint), "[::1]:8081");
}

TEST(UnmapIpv4, MappedAddressBecomesPlainIpv4) {
  net::Endpoint mapped;
  mapped.family = net::Family::ipv6;
  mapped.address = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 7};
  mapped.port = 4000;
  EXPECT_EQ(unmap(mapped), v4(192, 0, 2, 7, 4000));
  EXPECT_EQ(endpoint_text(unmap(mapped)), "192.0.2.7:4000");
}

TEST(UnmapIpv4, OtherAddressesAreKept) {
  net::Endpoint loopback6;
  loopback6.family = net::Family::ipv6;
  loopback6.address[15] = 1;
  EXPECT_EQ(unmap(loopback6), loopback6);
  EXPECT_EQ(unmap(v4(10, 1, 2, 3, 9)), v4(10, 1, 2, 3, 9));
}

}  // namespace
}  // namespace dgram
