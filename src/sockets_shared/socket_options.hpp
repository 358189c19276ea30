// Socket options both platforms set with the same calls. Each platform passes
// its own setsockopt/getsockopt wrappers (they differ in the handle and the
// value's pointer type): set(level, name, value, what) -> Status and
// get(level, name, what) -> Result<int>.
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
