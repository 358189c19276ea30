// "Is this one of this host's addresses?": the OS knows (getifaddrs,
// GetAdaptersAddresses); the answers are plain endpoints, so that common code
// decides what to do with them.
#pragma once

#include <vector>

#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {
namespace net {

struct LocalAddresses {
  // Every address of every interface that is up, port 0; IPv6 link-local
  // ones with their interface as scope.
  std::vector<Endpoint> addresses;
  // The IPv4 broadcast address of each interface that has one.
  std::vector<Endpoint> broadcasts;
};

// This host's addresses now (platform code).
Result<LocalAddresses> local_addresses();

}  // namespace net

// Whether a datagram sent to `endpoint` stays on this host: loopback, the
// wildcard (which Linux delivers to this host) or one of `local`'s
// addresses, each also IPv4-mapped. A link-local address without a scope
// matches on any interface.
bool is_local_address(const net::Endpoint& endpoint, const net::LocalAddresses& local);

// Whether `endpoint` is the broadcast address of one of this host's subnets,
// or 255.255.255.255.
bool is_local_broadcast(const net::Endpoint& endpoint, const net::LocalAddresses& local);

}  // namespace dgram
