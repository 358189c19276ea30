#include "common/endpoint_text.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace dgram {

std::string endpoint_text(const net::Endpoint& endpoint) {
  if (endpoint.family == net::Family::ipv6) {
    return fmt::format("[{}]:{}", net::address_text(endpoint), endpoint.port);
  }
  return fmt::format("{}:{}", net::address_text(endpoint), endpoint.port);
}

net::Endpoint unmap_ipv4(const net::Endpoint& endpoint) {
  static constexpr std::array<std::uint8_t, 12> mapped_prefix{0, 0, 0, 0, 0,    0,
                                                              0, 0, 0, 0, 0xff, 0xff};
  if (endpoint.family != net::Family::ipv6 ||
      !std::equal(mapped_prefix.begin(), mapped_prefix.end(), endpoint.address.begin())) {
    return endpoint;
  }
  net::Endpoint plain;
  plain.family = net::Family::ipv4;
  std::copy_n(endpoint.address.begin() + 12, 4, plain.address.begin());
  plain.port = endpoint.port;
  return plain;
}

net::Endpoint any_address(net::Family family, std::uint16_t port) {
  net::Endpoint endpoint;
  endpoint.family = family;
  endpoint.port = port;
  return endpoint;
}

}  // namespace dgram
