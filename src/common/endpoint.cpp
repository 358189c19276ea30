#include "common/endpoint.hpp"

#include <algorithm>
#include <array>

namespace dgram {
namespace {

constexpr std::array<std::uint8_t, 12> mapped_prefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool is_ipv6(const net::Endpoint& endpoint) { return endpoint.family == net::Family::ipv6; }

}  // namespace

bool is_mapped(const net::Endpoint& endpoint) {
  return is_ipv6(endpoint) &&
         std::equal(mapped_prefix.begin(), mapped_prefix.end(), endpoint.address.begin());
}

net::Endpoint unmap(const net::Endpoint& endpoint) {
  if (!is_mapped(endpoint)) return endpoint;
  net::Endpoint plain;
  plain.family = net::Family::ipv4;
  std::copy_n(endpoint.address.begin() + mapped_prefix.size(), 4, plain.address.begin());
  plain.port = endpoint.port;
  return plain;
}

net::Endpoint any_address(net::Family family, std::uint16_t port) {
  net::Endpoint endpoint;
  endpoint.family = family;
  endpoint.port = port;
  return endpoint;
}

bool is_wildcard(const net::Endpoint& endpoint) {
  return std::all_of(endpoint.address.begin(), endpoint.address.end(),
                     [](std::uint8_t byte) { return byte == 0; });
}

bool is_loopback(const net::Endpoint& endpoint) {
  const net::Endpoint plain = unmap(endpoint);
  if (!is_ipv6(plain)) return plain.address[0] == 127;
  static constexpr std::array<std::uint8_t, 16> ipv6_loopback{0, 0, 0, 0, 0, 0, 0, 0,
                                                              0, 0, 0, 0, 0, 0, 0, 1};
  return plain.address == ipv6_loopback;
}

bool is_multicast(const net::Endpoint& endpoint) {
  const net::Endpoint plain = unmap(endpoint);
  return is_ipv6(plain) ? plain.address[0] == 0xff : (plain.address[0] & 0xf0) == 0xe0;
}

bool is_broadcast(const net::Endpoint& endpoint) {
  const net::Endpoint plain = unmap(endpoint);
  return !is_ipv6(plain) && std::all_of(plain.address.begin(), plain.address.begin() + 4,
                                        [](std::uint8_t byte) { return byte == 0xff; });
}

bool is_link_local(const net::Endpoint& endpoint) {
  return is_ipv6(endpoint) && endpoint.address[0] == 0xfe && (endpoint.address[1] & 0xc0) == 0x80;
}

bool is_link_scoped(const net::Endpoint& endpoint) {
  if (!is_ipv6(endpoint)) return false;
  const int scope = endpoint.address[1] & 0x0f;
  return is_link_local(endpoint) || (endpoint.address[0] == 0xff && (scope == 1 || scope == 2));
}

bool same_address(const net::Endpoint& a, const net::Endpoint& b) {
  const net::Endpoint plain_a = unmap(a);
  const net::Endpoint plain_b = unmap(b);
  if (plain_a.family != plain_b.family || plain_a.address != plain_b.address) return false;
  return plain_a.scope_id == 0 || plain_b.scope_id == 0 || plain_a.scope_id == plain_b.scope_id;
}

}  // namespace dgram
