// What an address is, read from its bytes: every address predicate of dgram
// in one place, so that send, listen and the relay agree on what loopback,
// mapped, multicast or broadcast mean. Whether an address is one of this
// host's own is a question for the OS: common/local_addresses.hpp.
#pragma once

#include <cstdint>

#include "common/net.hpp"

namespace dgram {

// ::ffff:a.b.c.d: an IPv4 address as a dual-stack IPv6 socket sees it.
bool is_mapped(const net::Endpoint& endpoint);

// An IPv4 address mapped into IPv6 as the plain IPv4 address it is (users
// know a dual-stack sender as a.b.c.d); any other endpoint unchanged.
net::Endpoint unmap(const net::Endpoint& endpoint);

// The wildcard address of a family with `port`: 0.0.0.0 or ::.
net::Endpoint any_address(net::Family family, std::uint16_t port);

// 0.0.0.0 or ::: "every address of this host" to bind to (:: on a dual-stack
// socket also IPv4's), and this host itself to send to. ::ffff:0.0.0.0 is
// not: bound, it hears IPv4 only.
bool is_wildcard(const net::Endpoint& endpoint);

// 127.0.0.0/8 (also mapped) or ::1: never leaves this host.
bool is_loopback(const net::Endpoint& endpoint);

// 224.0.0.0/4 (also mapped) or ff00::/8.
bool is_multicast(const net::Endpoint& endpoint);

// The limited broadcast address 255.255.255.255 (also mapped). A subnet's
// broadcast address is known only from the interfaces
// (common/local_addresses.hpp).
bool is_broadcast(const net::Endpoint& endpoint);

// IPv6 link-local unicast, fe80::/10: it means nothing without the
// interface it is on (its scope).
bool is_link_local(const net::Endpoint& endpoint);

// The IPv6 addresses a scope belongs to: link-local unicast and interface-
// or link-local multicast (ffx1::/16, ffx2::/16).
bool is_link_scoped(const net::Endpoint& endpoint);

// The same address (family, bytes and, where both name one, scope) after
// unmapping; ports are not compared.
bool same_address(const net::Endpoint& a, const net::Endpoint& b);

}  // namespace dgram
