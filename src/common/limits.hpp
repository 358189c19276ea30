// The size limit: one --max-size on both sides, bounded by
// what UDP can carry, enforced before anything is sent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {

inline constexpr std::size_t default_max_size = 1024;
// 65535 minus the IPv4 (20) and UDP (8) headers; IPv6 has no header in the
// 65535 of its payload length, so only UDP's 8 bytes come off.
inline constexpr std::size_t max_ipv4_payload = 65507;
inline constexpr std::size_t max_ipv6_payload = 65527;
// Receive buffers are this big, so that the OS never cuts a datagram.
inline constexpr std::size_t max_datagram_size = 65536;

std::size_t max_payload(net::Family family);

// --max-size against the protocol ceiling of `family`.
Status check_max_size(std::uint64_t max_size, net::Family family);

// --max-size against the ceiling of what reaches `peer` (or is bound to it):
// an IPv4-mapped IPv6 address (::ffff:a.b.c.d) travels as IPv4, so its
// ceiling is IPv4's.
Status check_max_size(std::uint64_t max_size, const net::Endpoint& peer);

// A payload against --max-size when --chunk is not given. `what` names it in
// the error ("payload", "line 3"), `consequence` says what was sent.
Status check_payload_fits(std::size_t payload_size, std::size_t max_size, std::string_view what,
                          std::string_view consequence);

// Splits `payload` into pieces of at most `max_size` bytes, in order. An empty
// payload is one empty datagram.
std::vector<std::span<const std::byte>> split_into_chunks(std::span<const std::byte> payload,
                                                          std::size_t max_size);

}  // namespace dgram
