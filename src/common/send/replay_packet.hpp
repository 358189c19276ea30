// The UDP datagram inside one captured packet: below it the link layer a
// capture file names (Ethernet with VLAN tags, Linux cooked, BSD loopback,
// raw IP), then IPv4 or IPv6.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/net.hpp"

namespace dgram {

enum class PacketKind {
  udp,        // a whole UDP datagram: `from` and `payload` hold it
  not_udp,    // another protocol, or not IP
  fragment,   // an IP fragment: only the reassembled datagram is one
  truncated,  // the packet's bytes end before its headers say it does
};

struct UdpPacket {
  PacketKind kind = PacketKind::not_udp;
  net::Endpoint from;
  std::span<const std::byte> payload;
};

// Whether dgram reads packets of this link-layer header type (LINKTYPE_*).
bool known_link_type(std::uint32_t link_type);

// The UDP datagram in `frame`, a packet of `link_type` as captured.
UdpPacket udp_in_packet(std::uint32_t link_type, std::span<const std::byte> frame);

}  // namespace dgram
