// Printing endpoints the way users read them: "1.2.3.4:53", "[::1]:53".
#pragma once

#include <string>

#include "common/net.hpp"

namespace dgram {

// "ADDR:PORT" for IPv4, "[ADDR]:PORT" for IPv6.
std::string endpoint_text(const net::Endpoint& endpoint);

// Appends "ADDR:PORT" or "[ADDR]:PORT" like endpoint_text, without building
// a string when the address is the last one asked for (a record per datagram
// asks for the same sender again and again).
void append_endpoint_text(std::string& out, const net::Endpoint& endpoint);

// net::address_text, remembered for the last address asked for (per thread).
const std::string& remembered_address_text(const net::Endpoint& endpoint);

// An IPv4 sender seen on a dual-stack socket arrives as ::ffff:a.b.c.d; users
// know it as a.b.c.d.
net::Endpoint unmap_ipv4(const net::Endpoint& endpoint);

// The wildcard address of a family with `port`.
net::Endpoint any_address(net::Family family, std::uint16_t port);

}  // namespace dgram
