// This host's addresses from getifaddrs(3).
#include <ifaddrs.h>
#include <net/if.h>

#include <memory>

#include "common/local_addresses.hpp"
#include "posix/posix_error.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"

namespace dgram::net {

Result<LocalAddresses> local_addresses() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return posix::last_error("cannot list this host's addresses");
  const std::unique_ptr<ifaddrs, void (*)(ifaddrs*)> owner(list, freeifaddrs);
  LocalAddresses local;
  for (const ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
    if (entry->ifa_addr == nullptr || (entry->ifa_flags & IFF_UP) == 0) continue;
    Endpoint address;
    if (!bsd::from_sockaddr(entry->ifa_addr, address)) continue;  // not IP (AF_PACKET)
    address.port = 0;
    local.addresses.push_back(address);
    Endpoint broadcast;
    if (address.family == Family::ipv4 && (entry->ifa_flags & IFF_BROADCAST) != 0 &&
        entry->ifa_broadaddr != nullptr && bsd::from_sockaddr(entry->ifa_broadaddr, broadcast)) {
      broadcast.port = 0;
      local.broadcasts.push_back(broadcast);
    }
  }
  return local;
}

}  // namespace dgram::net
