// The classic libpcap file format (not pcapng), as Wireshark, tshark and
// tcpdump read it: a 24-byte file header, then per datagram a 16-byte
// record header and a synthesized IPv4 or IPv6 packet (LINKTYPE_RAW) that
// carries a UDP header and the payload. Every field is written
// little-endian whatever the host, so that every build writes the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/net.hpp"

namespace dgram::pcap {

// The magic number of a file whose record times hold nanoseconds.
inline constexpr std::uint32_t magic_nanoseconds = 0xa1b23c4d;
// The largest record a reader must accept: libpcap's own maximum, above
// every UDP datagram and its headers.
inline constexpr std::uint32_t snap_length = 262144;
// LINKTYPE_RAW: each record starts with an IPv4 or IPv6 header.
inline constexpr std::uint32_t linktype_raw = 101;
inline constexpr std::size_t file_header_size = 24;
inline constexpr std::size_t record_header_size = 16;
inline constexpr std::size_t ipv4_header_size = 20;
inline constexpr std::size_t ipv6_header_size = 40;
inline constexpr std::size_t udp_header_size = 8;

// The 24 bytes a capture file starts with.
std::string file_header();

// One received datagram as a capture holds it. `from` and `to` are of one
// family (IPv4 or IPv6; IPv4-mapped addresses unmapped). `bytes` are the
// first bytes of a datagram of `size`: fewer when -m cut it, and then the
// record keeps `size` in its original length and in the IP and UDP lengths,
// as capture tools do.
struct Datagram {
  net::Endpoint from;
  net::Endpoint to;
  std::span<const std::byte> bytes;
  std::size_t size = 0;
  std::int64_t unix_nanoseconds = 0;  // arrival time since 1970 (UTC)
};

// Appends the record of `datagram` to `out`. The UDP checksum is computed
// over the bytes held: right for a whole datagram; a cut one is marked cut
// by its lengths, and readers do not check what they cannot see.
void append_record(std::string& out, const Datagram& datagram);

// The Internet checksum (RFC 1071) of `bytes` added to `sum`, folded and
// complemented: what goes into an IPv4 header or a UDP header.
std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0);

}  // namespace dgram::pcap
