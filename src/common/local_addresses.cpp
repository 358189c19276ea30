#include "common/local_addresses.hpp"

#include <algorithm>

#include "common/endpoint.hpp"

namespace dgram {
namespace {

bool any_same(const std::vector<net::Endpoint>& addresses, const net::Endpoint& endpoint) {
  return std::any_of(addresses.begin(), addresses.end(),
                     [&](const net::Endpoint& address) { return same_address(address, endpoint); });
}

}  // namespace

bool is_local_address(const net::Endpoint& endpoint, const net::LocalAddresses& local) {
  return is_loopback(endpoint) || is_wildcard(unmap(endpoint)) ||
         any_same(local.addresses, endpoint);
}

bool is_local_broadcast(const net::Endpoint& endpoint, const net::LocalAddresses& local) {
  return is_broadcast(endpoint) || any_same(local.broadcasts, endpoint);
}

}  // namespace dgram
