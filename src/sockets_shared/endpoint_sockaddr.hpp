// Conversion between net::Endpoint and sockaddr, shared by src/posix and
// src/win32: both socket APIs descend from BSD sockets and give sockaddr_in and
// sockaddr_in6 the same fields.
#pragma once

#include "sockets_shared/os_socket_headers.hpp"

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/endpoint.hpp"
#include "common/net.hpp"

namespace dgram::net::bsd {

// Fills `storage` from `endpoint`; returns the length to pass to the OS.
inline int to_sockaddr(const Endpoint& endpoint, sockaddr_storage& storage) {
  std::memset(&storage, 0, sizeof storage);
  if (endpoint.family == Family::ipv4) {
    auto& v4 = reinterpret_cast<sockaddr_in&>(storage);
    v4.sin_family = AF_INET;
    v4.sin_port = htons(endpoint.port);
    std::memcpy(&v4.sin_addr, endpoint.address.data(), 4);
    return static_cast<int>(sizeof v4);
  }
  auto& v6 = reinterpret_cast<sockaddr_in6&>(storage);
  v6.sin6_family = AF_INET6;
  v6.sin6_port = htons(endpoint.port);
  std::memcpy(&v6.sin6_addr, endpoint.address.data(), 16);
  v6.sin6_scope_id = endpoint.scope_id;
  return static_cast<int>(sizeof v6);
}

// The endpoint in `address`; false for families other than IPv4 and IPv6.
inline bool from_sockaddr(const sockaddr* address, Endpoint& endpoint) {
  endpoint = Endpoint{};
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    endpoint.family = Family::ipv4;
    endpoint.port = ntohs(v4->sin_port);
    std::memcpy(endpoint.address.data(), &v4->sin_addr, 4);
    return true;
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    endpoint.family = Family::ipv6;
    endpoint.port = ntohs(v6->sin6_port);
    std::memcpy(endpoint.address.data(), &v6->sin6_addr, 16);
    endpoint.scope_id = v6->sin6_scope_id;
    return true;
  }
  return false;
}

// What a receive returns for a datagram whose sender from_sockaddr cannot
// represent: the datagram is skipped (callers read on, as after a receive
// that found nothing), never shown with a made-up endpoint.
inline Error unrepresentable_sender() {
  return {ErrorKind::would_block, "a datagram from a sender that is neither IPv4 nor IPv6"};
}

// The RFC 3678 request to join `group` on interface `index` (0: any), for
// MCAST_JOIN_GROUP at level IPPROTO_IP (IPv4 groups) or IPPROTO_IPV6.
inline group_req group_request(const Endpoint& group, std::uint32_t index) {
  group_req request{};
  request.gr_interface = index;
  to_sockaddr(group, request.gr_group);
  return request;
}

// The IPv4-only request to join `group` on the interface with `local_address`.
inline ip_mreq ipv4_membership(const Endpoint& group, const Endpoint& local_address) {
  ip_mreq request{};
  std::memcpy(&request.imr_multiaddr, group.address.data(), 4);
  std::memcpy(&request.imr_interface, local_address.address.data(), 4);
  return request;
}

// A dotted-quad IPv4 or an IPv6 address, strictly (inet_pton: no "1.2.3"
// shorthands), without a scope.
inline std::optional<Endpoint> parse_plain_address(const std::string& text) {
  Endpoint endpoint;
  if (inet_pton(AF_INET, text.c_str(), endpoint.address.data()) == 1) return endpoint;
  endpoint.family = Family::ipv6;
  if (inet_pton(AF_INET6, text.c_str(), endpoint.address.data()) == 1) return endpoint;
  return std::nullopt;
}

// A numeric address, IPv6 with an optional scope ("fe80::1%eth0"): the
// address part strictly, the scope through `look_up_numeric` (the platform's
// getaddrinfo with AI_NUMERICHOST), which turns an interface name into its
// index.
template <class LookUpNumeric>
std::optional<Endpoint> parse_address(const std::string& text, LookUpNumeric&& look_up_numeric) {
  const std::size_t percent = text.find('%');
  if (percent == std::string::npos) return parse_plain_address(text);
  const auto plain = parse_plain_address(text.substr(0, percent));
  // A scope names the link: it belongs to link-scoped addresses only.
  if (!plain || !is_link_scoped(*plain)) return std::nullopt;
  auto found = look_up_numeric(text);
  if (!found) return std::nullopt;
  return found->front();
}

inline int address_family(Family family) { return family == Family::ipv4 ? AF_INET : AF_INET6; }

inline int resolver_family(FamilyPreference preference) {
  switch (preference) {
    case FamilyPreference::ipv4_only:
      return AF_INET;
    case FamilyPreference::ipv6_only:
      return AF_INET6;
    case FamilyPreference::any:
      break;
  }
  return AF_UNSPEC;
}

// getaddrinfo's hints for a UDP look-up (addrinfo on POSIX, ADDRINFOW on
// Windows).
template <class AddressInfo>
AddressInfo udp_hints(FamilyPreference preference, int flags) {
  AddressInfo hints{};
  hints.ai_family = resolver_family(preference);
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_protocol = IPPROTO_UDP;
  hints.ai_flags = flags;
  return hints;
}

inline const char* family_words(FamilyPreference preference) {
  switch (preference) {
    case FamilyPreference::ipv4_only:
      return " as IPv4 (-4)";
    case FamilyPreference::ipv6_only:
      return " as IPv6 (-6)";
    case FamilyPreference::any:
      break;
  }
  return "";
}

// The IPv4 and IPv6 endpoints of a getaddrinfo result list (addrinfo on
// POSIX, ADDRINFOW on Windows), in the resolver's order; an error when it
// holds none.
template <class AddressInfo>
Result<std::vector<Endpoint>> endpoints_of(const AddressInfo* list, const std::string& host,
                                           FamilyPreference preference) {
  std::vector<Endpoint> endpoints;
  for (const AddressInfo* entry = list; entry != nullptr; entry = entry->ai_next) {
    Endpoint endpoint;
    if (from_sockaddr(entry->ai_addr, endpoint)) endpoints.push_back(endpoint);
  }
  if (endpoints.empty()) {
    return Error{ErrorKind::resolve_failed,
                 fmt::format("cannot resolve '{}'{}: no IPv4 or IPv6 address", host,
                             family_words(preference))};
  }
  return endpoints;
}

}  // namespace dgram::net::bsd
