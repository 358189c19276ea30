#include "common/records/endpoint_text.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

namespace dgram {

std::string endpoint_text(const net::Endpoint& endpoint) {
  std::string text;
  append_endpoint_text(text, endpoint);
  return text;
}

const std::string& remembered_address_text(const net::Endpoint& endpoint) {
  thread_local std::optional<net::Endpoint> last;
  thread_local std::string text;
  net::Endpoint address = endpoint;
  address.port = 0;
  if (last != address) {
    text = net::address_text(address);
    last = address;
  }
  return text;
}

void append_endpoint_text(std::string& out, const net::Endpoint& endpoint) {
  const bool v6 = endpoint.family == net::Family::ipv6;
  if (v6) out += '[';
  out += remembered_address_text(endpoint);
  out += v6 ? "]:" : ":";
  char digits[8];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, endpoint.port).ptr);
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
