// Socket options both platforms set with the same calls, written once over
// each OS's setsockopt/getsockopt (they differ in the handle, the value's
// pointer type and the option value types). An OS supplies `Calls`:
//   bool set(int level, int name, const void* value, std::size_t size) const;
//   bool get(int level, int name, int& value) const;
//   Error last_error(std::string context) const;
//   using HopCount = ...;      // IP_TTL and the IPv6 hop limits
//   using MulticastTtl = ...;  // IP_MULTICAST_TTL
// join_group and set_receive_buffer take the wrappers as callables:
// set(level, name, value, what) -> Status and get(level, name, what) -> Result<int>.
#pragma once

#include "sockets_shared/os_socket_headers.hpp"

#include <algorithm>
#include <climits>
#include <cstddef>
#include <string>

#include <fmt/format.h>

#include "common/net.hpp"
#include "common/result.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"

namespace dgram::net::bsd {

template <class Calls, class Value>
Status set_option(const Calls& calls, int level, int name, Value value, const char* what) {
  if (!calls.set(level, name, &value, sizeof value)) {
    return calls.last_error(fmt::format("cannot set {}", what));
  }
  return {};
}

template <class Calls>
Result<int> get_option(const Calls& calls, int level, int name, const char* what) {
  int value = 0;
  if (!calls.get(level, name, value)) return calls.last_error(fmt::format("cannot read {}", what));
  return value;
}

// The hop limit of unicast and multicast datagrams (IPv4: TTL).
template <class Calls>
Status set_hop_limit(const Calls& calls, Family family, int hops) {
  using Hops = typename Calls::HopCount;
  if (family == Family::ipv4) {
    if (auto set = set_option(calls, IPPROTO_IP, IP_TTL, static_cast<Hops>(hops), "IP_TTL"); !set) {
      return set;
    }
    return set_option(calls, IPPROTO_IP, IP_MULTICAST_TTL,
                      static_cast<typename Calls::MulticastTtl>(hops), "IP_MULTICAST_TTL");
  }
  if (auto set = set_option(calls, IPPROTO_IPV6, IPV6_UNICAST_HOPS, static_cast<Hops>(hops),
                            "IPV6_UNICAST_HOPS");
      !set) {
    return set;
  }
  return set_option(calls, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, static_cast<Hops>(hops),
                    "IPV6_MULTICAST_HOPS");
}

// RFC 3678's MCAST_JOIN_GROUP on an interface index (0: the OS's choice), or
// IP_ADD_MEMBERSHIP where an IPv4 group names its interface by address.
template <class SetOption>
Status join_group(const MulticastGroup& group, SetOption&& set) {
  const std::string what = fmt::format("membership of {}", address_text(group.group));
  if (group.interface_address) {
    return set(IPPROTO_IP, IP_ADD_MEMBERSHIP,
               ipv4_membership(group.group, *group.interface_address), what.c_str());
  }
  const int level = group.group.family == Family::ipv4 ? IPPROTO_IP : IPPROTO_IPV6;
  return set(level, MCAST_JOIN_GROUP, group_request(group.group, group.interface_index),
             what.c_str());
}

// Asks for `bytes` of receive buffer; returns what the OS reports it granted
// (Linux reports twice the usable size: its caller halves it).
template <class SetOption, class GetOption>
Result<std::size_t> set_receive_buffer(std::size_t bytes, SetOption&& set, GetOption&& get) {
  const int asked = static_cast<int>(std::min<std::size_t>(bytes, INT_MAX));
  if (auto done = set(SOL_SOCKET, SO_RCVBUF, asked, "SO_RCVBUF"); !done) {
    return done.take_error();
  }
  auto granted = get(SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
  if (!granted) return granted.take_error();
  return static_cast<std::size_t>(*granted);
}

}  // namespace dgram::net::bsd
