#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "common/send/replay_capture.hpp"
#include "common/send/replay_file_bytes.hpp"
#include "common/send/replay_packet.hpp"

namespace dgram {
namespace {

using std::chrono::nanoseconds;

constexpr std::size_t file_header = 24;
constexpr std::size_t record_header = 16;
// libpcap's own bound on a record (MAXIMUM_SNAPLEN): more is a corrupt file.
constexpr std::uint32_t max_record = 262144;

std::uint32_t first_u32(std::span<const std::byte> file, bool big_endian) {
  return FileByteOrder{big_endian}.u32(file, 0);
}

}  // namespace

void Capture::add(nanoseconds time, const net::Endpoint& from, std::span<const std::byte> bytes) {
  const std::size_t offset = payloads.size();
  payloads.insert(payloads.end(), bytes.begin(), bytes.end());
  datagrams.push_back({time, from, offset, bytes.size()});
}

// Counts a packet in `capture`: its UDP datagram kept, or why it was not.
void keep_udp(Capture& capture, std::uint32_t link_type, nanoseconds time,
              std::span<const std::byte> frame, bool cut) {
  if (cut) {
    ++capture.skipped.truncated;
    return;
  }
  const UdpPacket packet = udp_in_packet(link_type, frame);
  switch (packet.kind) {
    case PacketKind::udp:
      capture.add(time, packet.from, packet.payload);
      break;
    case PacketKind::not_udp:
      ++capture.skipped.not_udp;
      break;
    case PacketKind::fragment:
      ++capture.skipped.fragments;
      break;
    case PacketKind::truncated:
      ++capture.skipped.truncated;
      break;
  }
}

Error unknown_link_type(std::string_view name, std::uint32_t link_type) {
  return usage_error(fmt::format(
      "{} has link-layer type {}, which dgram does not read; it reads Ethernet (1), raw IP "
      "(101), Linux cooked (113, 276) and loopback (0, 108) captures (nothing was sent)",
      name, link_type));
}

Result<Capture> read_pcap(std::span<const std::byte> file, std::string_view name) {
  if (file.size() < file_header) {
    return usage_error(fmt::format(
        "{} ends inside its pcap file header: the file is cut short (nothing was sent)", name));
  }
  // The magic number in the writer's byte order says the order and whether
  // times are in microseconds (a1b2c3d4) or nanoseconds (a1b23c4d).
  const bool big_endian =
      first_u32(file, true) == 0xa1b2c3d4 || first_u32(file, true) == 0xa1b23c4d;
  const FileByteOrder order{big_endian};
  const bool nano = order.u32(file, 0) == 0xa1b23c4d;
  // The link type is the low 16 bits; the high ones may carry FCS flags.
  const std::uint32_t link_type = order.u32(file, 20) & 0xffff;
  if (!known_link_type(link_type)) return unknown_link_type(name, link_type);
  Capture capture;
  capture.format = "pcap";
  std::size_t at = file_header;
  for (std::uint64_t record = 1; at < file.size(); ++record) {
    if (file.size() - at < record_header) {
      ++capture.skipped.truncated;  // a capture stopped while writing
      break;
    }
    const std::uint32_t included = order.u32(file, at + 8);
    const std::uint32_t original = order.u32(file, at + 12);
    if (included > max_record) {
      return usage_error(fmt::format(
          "{}: record {} (byte {}) says it holds {} bytes, more than any capture does: the file "
          "is corrupt; rewrite it with 'editcap {} fixed.pcap' or capture again (nothing was "
          "sent)",
          name, record, at, included, name));
    }
    const std::size_t data = at + record_header;
    if (file.size() - data < included) {
      ++capture.skipped.truncated;  // the last record, cut by the end of the file
      break;
    }
    const auto seconds = std::chrono::seconds(order.u32(file, at));
    const std::uint32_t fraction = order.u32(file, at + 4);
    const nanoseconds time =
        seconds + (nano ? nanoseconds(fraction) : nanoseconds(std::chrono::microseconds(fraction)));
    keep_udp(capture, link_type, time, file.subspan(data, included), included < original);
    at = data + included;
  }
  return capture;
}

Result<Capture> read_capture(std::span<const std::byte> file, std::string_view name) {
  const auto first = [&](bool big) { return file.size() >= 4 ? first_u32(file, big) : 0; };
  for (const bool big : {false, true}) {
    if (first(big) == 0xa1b2c3d4 || first(big) == 0xa1b23c4d) return read_pcap(file, name);
  }
  if (first(false) == 0x0a0d0d0a) return read_pcapng(file, name);
  for (const std::byte byte : file) {
    const auto c = std::to_integer<char>(byte);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '{') return read_json_records(file, name);
    break;
  }
  if (file.empty()) {
    return usage_error(fmt::format(
        "{} is empty: there is nothing to replay; give a pcap file or 'dgram listen -f json' "
        "records (nothing was sent)",
        name));
  }
  return usage_error(fmt::format(
      "{} is not a capture dgram reads: give a pcap or pcapng file (Wireshark, tshark, tcpdump, "
      "dgram listen --pcap) or 'dgram listen -f json' records (nothing was sent)",
      name));
}

}  // namespace dgram
