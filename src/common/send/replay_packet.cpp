#include "common/send/replay_packet.hpp"

#include <algorithm>
#include <optional>

namespace dgram {
namespace {

// LINKTYPE_* values (tcpdump.org/linktypes.html).
constexpr std::uint32_t link_null = 0;       // BSD loopback: 4 bytes, host order
constexpr std::uint32_t link_ethernet = 1;   // 14 bytes, 802.1Q tags
constexpr std::uint32_t link_raw_bsd = 12;   // DLT_RAW where it is 12 ...
constexpr std::uint32_t link_raw_obsd = 14;  // ... or 14 (OpenBSD)
constexpr std::uint32_t link_raw = 101;      // the IP header first
constexpr std::uint32_t link_loop = 108;     // OpenBSD loopback: 4 bytes, network order
constexpr std::uint32_t link_sll = 113;      // Linux cooked (`-i any`): 16 bytes
constexpr std::uint32_t link_ipv4 = 228;
constexpr std::uint32_t link_ipv6 = 229;
constexpr std::uint32_t link_sll2 = 276;  // Linux cooked v2: 20 bytes

constexpr std::uint16_t ethertype_ipv4 = 0x0800;
constexpr std::uint16_t ethertype_ipv6 = 0x86dd;
constexpr std::uint8_t protocol_udp = 17;
constexpr std::size_t udp_header = 8;

// A packet without a datagram to send, and why.
UdpPacket without(PacketKind kind) {
  UdpPacket packet;
  packet.kind = kind;
  return packet;
}

std::uint16_t be16(std::span<const std::byte> bytes, std::size_t at) {
  return static_cast<std::uint16_t>((std::to_integer<unsigned>(bytes[at]) << 8) |
                                    std::to_integer<unsigned>(bytes[at + 1]));
}

// The UDP header and payload in `segment` (from the IP payload on), from
// the sender at `from`.
UdpPacket udp_datagram(std::span<const std::byte> segment, net::Endpoint from) {
  if (segment.size() < udp_header) return without(PacketKind::truncated);
  const std::size_t length = be16(segment, 4);
  if (length < udp_header) return without(PacketKind::not_udp);  // 0: a jumbogram, not read
  if (length > segment.size()) return without(PacketKind::truncated);
  from.port = be16(segment, 0);
  return {PacketKind::udp, from, segment.subspan(udp_header, length - udp_header)};
}

UdpPacket in_ipv4(std::span<const std::byte> packet) {
  if (packet.size() < 20) return without(PacketKind::truncated);
  const std::size_t header = (std::to_integer<std::size_t>(packet[0]) & 0x0f) * 4;
  const std::size_t total = be16(packet, 2);
  if (header < 20 || total < header) return without(PacketKind::not_udp);
  if (total > packet.size()) return without(PacketKind::truncated);
  // More fragments, or an offset: a piece of a datagram.
  if ((be16(packet, 6) & 0x3fff) != 0) return without(PacketKind::fragment);
  if (std::to_integer<std::uint8_t>(packet[9]) != protocol_udp) return without(PacketKind::not_udp);
  net::Endpoint from;
  from.family = net::Family::ipv4;
  std::transform(packet.begin() + 12, packet.begin() + 16, from.address.begin(),
                 [](std::byte b) { return std::to_integer<std::uint8_t>(b); });
  return udp_datagram(packet.subspan(header, total - header), from);
}

UdpPacket in_ipv6(std::span<const std::byte> packet) {
  constexpr std::size_t fixed = 40;
  if (packet.size() < fixed) return without(PacketKind::truncated);
  const std::size_t total = fixed + be16(packet, 4);
  if (total > packet.size()) return without(PacketKind::truncated);
  net::Endpoint from;
  from.family = net::Family::ipv6;
  std::transform(packet.begin() + 8, packet.begin() + 24, from.address.begin(),
                 [](std::byte b) { return std::to_integer<std::uint8_t>(b); });
  auto next = std::to_integer<std::uint8_t>(packet[6]);
  std::size_t at = fixed;
  // Extension headers: hop-by-hop, routing, destination options, fragment.
  while (next != protocol_udp) {
    if (next != 0 && next != 43 && next != 60 && next != 44) return without(PacketKind::not_udp);
    if (at + 8 > total) return without(PacketKind::truncated);
    if (next == 44) {
      // Offset or more fragments: a piece (an atomic fragment is whole).
      if ((be16(packet, at + 2) & 0xfff9) != 0) return without(PacketKind::fragment);
      next = std::to_integer<std::uint8_t>(packet[at]);
      at += 8;
      continue;
    }
    const std::size_t length = (std::to_integer<std::size_t>(packet[at + 1]) + 1) * 8;
    next = std::to_integer<std::uint8_t>(packet[at]);
    at += length;
    if (at > total) return without(PacketKind::truncated);
  }
  return udp_datagram(packet.subspan(at, total - at), from);
}

// IPv4 or IPv6 by the version in the first byte.
UdpPacket in_ip(std::span<const std::byte> packet) {
  if (packet.empty()) return without(PacketKind::truncated);
  switch (std::to_integer<unsigned>(packet[0]) >> 4) {
    case 4:
      return in_ipv4(packet);
    case 6:
      return in_ipv6(packet);
    default:
      return without(PacketKind::not_udp);
  }
}

UdpPacket by_ethertype(std::uint16_t type, std::span<const std::byte> packet) {
  if (type == ethertype_ipv4 || type == ethertype_ipv6) return in_ip(packet);
  return without(PacketKind::not_udp);
}

UdpPacket in_ethernet(std::span<const std::byte> frame) {
  std::size_t at = 12;
  while (true) {
    if (frame.size() < at + 2) return without(PacketKind::truncated);
    const std::uint16_t type = be16(frame, at);
    // 802.1Q, 802.1ad and the older QinQ tag: 4 bytes before the real type.
    if (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
      at += 4;
      continue;
    }
    return by_ethertype(type, frame.subspan(at + 2));
  }
}

// After a header of `size` bytes whose protocol (an ethertype) is at `type_at`.
UdpPacket in_cooked(std::span<const std::byte> frame, std::size_t size, std::size_t type_at) {
  if (frame.size() < size) return without(PacketKind::truncated);
  return by_ethertype(be16(frame, type_at), frame.subspan(size));
}

}  // namespace

bool known_link_type(std::uint32_t link_type) {
  switch (link_type) {
    case link_null:
    case link_ethernet:
    case link_raw_bsd:
    case link_raw_obsd:
    case link_raw:
    case link_loop:
    case link_sll:
    case link_ipv4:
    case link_ipv6:
    case link_sll2:
      return true;
    default:
      return false;
  }
}

UdpPacket udp_in_packet(std::uint32_t link_type, std::span<const std::byte> frame) {
  switch (link_type) {
    case link_null:
    case link_loop:
      // The family's number differs between OSes and byte orders; the IP
      // header says which version it is.
      if (frame.size() < 4) return without(PacketKind::truncated);
      return in_ip(frame.subspan(4));
    case link_ethernet:
      return in_ethernet(frame);
    case link_sll:
      return in_cooked(frame, 16, 14);
    case link_sll2:
      return in_cooked(frame, 20, 0);
    case link_raw_bsd:
    case link_raw_obsd:
    case link_raw:
    case link_ipv4:
    case link_ipv6:
      return in_ip(frame);
    default:
      return without(PacketKind::not_udp);
  }
}

}  // namespace dgram
