#include "common/capture/pcap_format.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dgram::pcap {
namespace {

std::uint32_t le32(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at + i])) << (8 * i);
  }
  return value;
}

std::uint32_t be16(const std::string& bytes, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at]) << 8 |
                                    static_cast<std::uint8_t>(bytes[at + 1]));
}

std::vector<std::uint8_t> u8(const std::string& bytes, std::size_t at, std::size_t size) {
  return {bytes.begin() + static_cast<std::ptrdiff_t>(at),
          bytes.begin() + static_cast<std::ptrdiff_t>(at + size)};
}

net::Endpoint endpoint(net::Family family, std::vector<std::uint8_t> address, std::uint16_t port) {
  net::Endpoint e;
  e.family = family;
  std::copy(address.begin(), address.end(), e.address.begin());
  e.port = port;
  return e;
}

// The UDP checksum checked the way a receiver does (RFC 768): the sum over
// the pseudo-header, the UDP header with its checksum and the data is 0.
std::uint16_t verify_udp(const std::string& packet, std::size_t ip_size, std::size_t address_size,
                         std::size_t source_at) {
  std::vector<std::uint8_t> pseudo = u8(packet, source_at, 2 * address_size);
  const std::uint32_t length = be16(packet, ip_size + 4);
  if (address_size == 4) {
    pseudo.insert(pseudo.end(), {0, 17, static_cast<std::uint8_t>(length >> 8),
                                 static_cast<std::uint8_t>(length)});
  } else {
    pseudo.insert(pseudo.end(), {0, 0, static_cast<std::uint8_t>(length >> 8),
                                 static_cast<std::uint8_t>(length), 0, 0, 0, 17});
  }
  const auto udp = u8(packet, ip_size, packet.size() - ip_size);
  pseudo.insert(pseudo.end(), udp.begin(), udp.end());
  return internet_checksum(pseudo);
}

TEST(PcapFormat, FileHeaderIsLittleEndianNanosecondsRawIp) {
  const std::string header = file_header();
  ASSERT_EQ(header.size(), file_header_size);
  EXPECT_EQ(u8(header, 0, 4), (std::vector<std::uint8_t>{0x4d, 0x3c, 0xb2, 0xa1}));
  EXPECT_EQ(le32(header, 4), 0x00040002u);  // version 2.4
  EXPECT_EQ(le32(header, 8), 0u);
  EXPECT_EQ(le32(header, 12), 0u);
  EXPECT_EQ(le32(header, 16), 262144u);
  EXPECT_EQ(le32(header, 20), 101u);  // LINKTYPE_RAW
}

TEST(PcapFormat, InternetChecksumOfAKnownIpv4Header) {
  // The usual worked example: 192.168.0.1 -> 192.168.0.199, checksum b861.
  const std::vector<std::uint8_t> header{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40,
                                         0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
                                         0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
  EXPECT_EQ(internet_checksum(header), 0xb861);
}

TEST(PcapFormat, Ipv4RecordLengthsTimeAndChecksums) {
  const std::string payload = "hello";  // odd length: the checksum pads it
  Datagram d;
  d.from = endpoint(net::Family::ipv4, {127, 0, 0, 1}, 40000);
  d.to = endpoint(net::Family::ipv4, {127, 0, 0, 2}, 9000);
  d.bytes = std::as_bytes(std::span(payload));
  d.size = payload.size();
  d.unix_nanoseconds = 1'700'000'000'123'456'789;
  std::string out;
  append_record(out, d);
  ASSERT_EQ(out.size(), record_header_size + 20 + 8 + 5);
  EXPECT_EQ(le32(out, 0), 1'700'000'000u);
  EXPECT_EQ(le32(out, 4), 123'456'789u);
  EXPECT_EQ(le32(out, 8), 33u);
  EXPECT_EQ(le32(out, 12), 33u);
  const std::string packet = out.substr(record_header_size);
  EXPECT_EQ(static_cast<std::uint8_t>(packet[0]), 0x45);
  EXPECT_EQ(be16(packet, 2), 33u);
  EXPECT_EQ(static_cast<std::uint8_t>(packet[9]), 17);
  EXPECT_EQ(internet_checksum(u8(packet, 0, 20)), 0);  // the header's checksum holds
  EXPECT_EQ(be16(packet, 20), 40000u);
  EXPECT_EQ(be16(packet, 22), 9000u);
  EXPECT_EQ(be16(packet, 24), 13u);
  EXPECT_NE(be16(packet, 26), 0u);
  EXPECT_EQ(verify_udp(packet, 20, 4, 12), 0);
  EXPECT_EQ(packet.substr(28), payload);
}

TEST(PcapFormat, Ipv6RecordOfTheLargestDatagramHasAChecksum) {
  const std::string payload(65527, '\x5a');
  Datagram d;
  d.from = endpoint(net::Family::ipv6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1);
  d.to = d.from;
  d.to.port = 65535;
  d.bytes = std::as_bytes(std::span(payload));
  d.size = payload.size();
  std::string out;
  append_record(out, d);
  EXPECT_EQ(le32(out, 8), 40u + 8 + 65527);
  EXPECT_EQ(le32(out, 12), 40u + 8 + 65527);
  const std::string packet = out.substr(record_header_size);
  EXPECT_EQ(static_cast<std::uint8_t>(packet[0]), 0x60);
  EXPECT_EQ(be16(packet, 4), 65535u);  // payload length: UDP header and data
  EXPECT_EQ(static_cast<std::uint8_t>(packet[6]), 17);
  EXPECT_EQ(be16(packet, 44), 65535u);
  EXPECT_NE(be16(packet, 46), 0u);  // IPv6 forbids a zero UDP checksum
  EXPECT_EQ(verify_udp(packet, 40, 16, 8), 0);
}

TEST(PcapFormat, CutDatagramKeepsItsTrueLengths) {
  const std::string held(100, 'x');
  Datagram d;
  d.from = endpoint(net::Family::ipv4, {127, 0, 0, 1}, 5);
  d.to = endpoint(net::Family::ipv4, {127, 0, 0, 1}, 6);
  d.bytes = std::as_bytes(std::span(held));
  d.size = 1000;
  std::string out;
  append_record(out, d);
  EXPECT_EQ(le32(out, 8), 128u);    // stored
  EXPECT_EQ(le32(out, 12), 1028u);  // on the wire
  const std::string packet = out.substr(record_header_size);
  ASSERT_EQ(packet.size(), 128u);
  EXPECT_EQ(be16(packet, 2), 1028u);
  EXPECT_EQ(be16(packet, 24), 1008u);
  EXPECT_EQ(internet_checksum(u8(packet, 0, 20)), 0);
}

TEST(PcapFormat, EmptyDatagram) {
  Datagram d;
  d.from = endpoint(net::Family::ipv4, {10, 0, 0, 1}, 7);
  d.to = endpoint(net::Family::ipv4, {10, 0, 0, 2}, 8);
  std::string out;
  append_record(out, d);
  EXPECT_EQ(le32(out, 8), 28u);
  EXPECT_EQ(le32(out, 12), 28u);
  EXPECT_EQ(be16(out, record_header_size + 24), 8u);
  EXPECT_EQ(verify_udp(out.substr(record_header_size), 20, 4, 12), 0);
}

}  // namespace
}  // namespace dgram::pcap
