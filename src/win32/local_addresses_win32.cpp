// This host's addresses from GetAdaptersAddresses (iphlpapi.h), called as
// Microsoft documents it: a 15 KB buffer first, a larger one while the list
// grows between calls.
#include "win32/winsock_headers.hpp"

#include <vector>

#include "common/endpoint.hpp"
#include "common/local_addresses.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"
#include "win32/win32_error.hpp"

namespace dgram::net {
namespace {

// The subnet's broadcast address of an IPv4 interface address with a
// `prefix`-bit network part; nothing for /31 and /32, which have none.
bool subnet_broadcast(const Endpoint& address, unsigned prefix, Endpoint& broadcast) {
  if (address.family != Family::ipv4 || prefix >= 31) return false;
  broadcast = address;
  for (unsigned bit = prefix; bit < 32; ++bit) {
    broadcast.address[bit / 8] |= static_cast<std::uint8_t>(0x80u >> (bit % 8));
  }
  return true;
}

void add_adapter(const IP_ADAPTER_ADDRESSES& adapter, LocalAddresses& local) {
  for (const IP_ADAPTER_UNICAST_ADDRESS* unicast = adapter.FirstUnicastAddress; unicast != nullptr;
       unicast = unicast->Next) {
    Endpoint address;
    if (!bsd::from_sockaddr(unicast->Address.lpSockaddr, address)) continue;
    address.port = 0;
    if (is_link_local(address) && address.scope_id == 0) address.scope_id = adapter.Ipv6IfIndex;
    local.addresses.push_back(address);
    Endpoint broadcast;
    // Loopback has no broadcast, although Windows gives 127.0.0.1 a /8.
    if (!is_loopback(address) &&
        subnet_broadcast(address, unicast->OnLinkPrefixLength, broadcast)) {
      local.broadcasts.push_back(broadcast);
    }
  }
}

}  // namespace

Result<LocalAddresses> local_addresses() {
  constexpr ULONG flags =
      GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER;
  ULONG size = 15 * 1024;
  std::vector<ULONGLONG> buffer;  // aligned as IP_ADAPTER_ADDRESSES needs
  ULONG code = ERROR_BUFFER_OVERFLOW;
  for (int attempt = 0; attempt < 3 && code == ERROR_BUFFER_OVERFLOW; ++attempt) {
    buffer.resize(size / sizeof(ULONGLONG) + 1);
    code = GetAdaptersAddresses(AF_UNSPEC, flags, nullptr,
                                reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()), &size);
  }
  LocalAddresses local;
  if (code == ERROR_NO_DATA) return local;
  if (code != ERROR_SUCCESS) {
    return win32::system_error(code, "cannot list this host's addresses");
  }
  for (auto* adapter = reinterpret_cast<const IP_ADAPTER_ADDRESSES*>(buffer.data());
       adapter != nullptr; adapter = adapter->Next) {
    if (adapter->OperStatus == IfOperStatusUp) add_adapter(*adapter, local);
  }
  return local;
}

}  // namespace dgram::net
