#include "common/capture/pcap_format.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace dgram::pcap {
namespace {

void put16le(std::string& out, std::uint32_t value) {
  out.push_back(static_cast<char>(value & 0xff));
  out.push_back(static_cast<char>((value >> 8) & 0xff));
}

void put32le(std::string& out, std::uint32_t value) {
  put16le(out, value & 0xffff);
  put16le(out, value >> 16);
}

// Network byte order, into a header being built.
void put16be(std::uint8_t* at, std::uint32_t value) {
  at[0] = static_cast<std::uint8_t>((value >> 8) & 0xff);
  at[1] = static_cast<std::uint8_t>(value & 0xff);
}

std::size_t address_size(const net::Endpoint& endpoint) {
  return endpoint.family == net::Family::ipv4 ? 4 : 16;
}

// The sum of the 16-bit words of `bytes`, not folded (RFC 1071).
std::uint32_t add_words(std::span<const std::uint8_t> bytes, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
    sum = (sum & 0xffff) + (sum >> 16);
  }
  if (i < bytes.size()) sum += static_cast<std::uint32_t>(bytes[i] << 8);
  return (sum & 0xffff) + (sum >> 16);
}

// The UDP checksum over the pseudo-header (RFC 768, RFC 8200 8.1), the UDP
// header (checksum field zero) and `payload`. 0 is sent as 0xffff, since 0
// means "none".
std::uint16_t udp_checksum(const Datagram& datagram, const std::uint8_t* udp_header,
                           std::size_t udp_length) {
  const std::size_t size = address_size(datagram.from);
  std::uint32_t sum = add_words({datagram.from.address.data(), size}, 0);
  sum = add_words({datagram.to.address.data(), size}, sum);
  sum += 17 + static_cast<std::uint32_t>(udp_length & 0xffff) +
         static_cast<std::uint32_t>(udp_length >> 16);
  sum = add_words({udp_header, udp_header_size}, sum);
  const auto* payload = reinterpret_cast<const std::uint8_t*>(datagram.bytes.data());
  sum = add_words({payload, datagram.bytes.size()}, sum);
  const std::uint16_t checksum = internet_checksum({}, sum);
  return checksum == 0 ? 0xffff : checksum;
}

}  // namespace

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t sum) {
  sum = add_words(bytes, sum);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::string file_header() {
  std::string out;
  put32le(out, magic_nanoseconds);
  put16le(out, 2);  // version 2.4
  put16le(out, 4);
  put32le(out, 0);  // time zone: UTC
  put32le(out, 0);  // timestamp accuracy: every tool writes 0
  put32le(out, snap_length);
  put32le(out, linktype_raw);
  return out;
}

void append_record(std::string& out, const Datagram& datagram) {
  const bool ipv4 = datagram.from.family == net::Family::ipv4;
  const std::size_t ip_size = ipv4 ? ipv4_header_size : ipv6_header_size;
  const std::size_t udp_length = udp_header_size + datagram.size;
  const std::size_t held = ip_size + udp_header_size + datagram.bytes.size();
  const std::size_t original = ip_size + udp_length;

  const auto nanoseconds = datagram.unix_nanoseconds;
  put32le(out, static_cast<std::uint32_t>(nanoseconds / 1'000'000'000));
  put32le(out, static_cast<std::uint32_t>(nanoseconds % 1'000'000'000));
  put32le(out, static_cast<std::uint32_t>(held));
  put32le(out, static_cast<std::uint32_t>(original));

  std::array<std::uint8_t, ipv6_header_size + udp_header_size> headers{};
  std::uint8_t* udp = headers.data() + ip_size;
  if (ipv4) {
    std::uint8_t* ip = headers.data();
    ip[0] = 0x45;  // version 4, 5 words of header
    put16be(ip + 2, static_cast<std::uint32_t>(original));
    ip[8] = 64;  // TTL
    ip[9] = 17;  // UDP
    std::copy_n(datagram.from.address.data(), 4, ip + 12);
    std::copy_n(datagram.to.address.data(), 4, ip + 16);
    put16be(ip + 10, internet_checksum({ip, ipv4_header_size}));
  } else {
    std::uint8_t* ip = headers.data();
    ip[0] = 0x60;  // version 6, no traffic class, no flow label
    put16be(ip + 4, static_cast<std::uint32_t>(udp_length));
    ip[6] = 17;  // next header: UDP
    ip[7] = 64;  // hop limit
    std::copy_n(datagram.from.address.data(), 16, ip + 8);
    std::copy_n(datagram.to.address.data(), 16, ip + 24);
  }
  put16be(udp, datagram.from.port);
  put16be(udp + 2, datagram.to.port);
  put16be(udp + 4, static_cast<std::uint32_t>(udp_length));
  put16be(udp + 6, udp_checksum(datagram, udp, udp_length));
  out.append(reinterpret_cast<const char*>(headers.data()), ip_size + udp_header_size);
  out.append(reinterpret_cast<const char*>(datagram.bytes.data()), datagram.bytes.size());
}

}  // namespace dgram::pcap
