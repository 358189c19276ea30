// pcapng (what Wireshark and tshark write by default): a Section Header
// Block, Interface Description Blocks (each with its link type and time
// resolution) and Enhanced Packet Blocks; other blocks are passed over.
#include <chrono>
#include <vector>

#include <fmt/format.h>

#include "common/send/replay_capture.hpp"
#include "common/send/replay_file_bytes.hpp"
#include "common/send/replay_packet.hpp"

namespace dgram {
namespace {

constexpr std::uint32_t section_header = 0x0a0d0d0a;
constexpr std::uint32_t interface_description = 1;
constexpr std::uint32_t enhanced_packet = 6;
constexpr std::uint32_t byte_order_magic = 0x1a2b3c4d;
constexpr std::uint32_t option_tsresol = 9;
constexpr std::uint32_t option_tsoffset = 14;

struct Interface {
  std::uint32_t link_type = 0;
  double units_per_second = 1e6;  // if_tsresol; microseconds when absent
  std::int64_t offset_seconds = 0;
};

Interface read_interface(std::span<const std::byte> body, const FileByteOrder& order) {
  Interface interface;
  interface.link_type = order.u16(body, 0);
  for (std::size_t at = 8; at + 4 <= body.size();) {
    const std::uint32_t code = order.u16(body, at);
    const std::uint32_t length = order.u16(body, at + 2);
    if (code == 0 || at + 4 + length > body.size()) break;
    const auto value = body.subspan(at + 4, length);
    if (code == option_tsresol && length >= 1) {
      const auto resolution = std::to_integer<unsigned>(value[0]);
      // High bit clear: a negative power of 10; set: of 2. Multiplied out,
      // exact up to 10^22 and 2^127, rather than pow and ldexp, which
      // would make every run of dgram load libm.
      const double base = (resolution & 0x80) ? 2.0 : 10.0;
      double units = 1.0;
      for (unsigned i = 0; i < (resolution & 0x7f); ++i) units *= base;
      interface.units_per_second = units;
    } else if (code == option_tsoffset && length >= 8) {
      const std::uint64_t low = order.u32(value, order.big_endian ? 4 : 0);
      const std::uint64_t high = order.u32(value, order.big_endian ? 0 : 4);
      interface.offset_seconds = static_cast<std::int64_t>(high << 32 | low);
    }
    at += 4 + (length + 3) / 4 * 4;
  }
  return interface;
}

std::chrono::nanoseconds packet_time(const Interface& interface, std::uint64_t units) {
  const auto whole = static_cast<std::uint64_t>(interface.units_per_second);
  const std::uint64_t seconds = units / whole;
  const double rest = static_cast<double>(units % whole) / interface.units_per_second;
  return std::chrono::seconds(static_cast<std::int64_t>(seconds) + interface.offset_seconds) +
         std::chrono::nanoseconds(static_cast<std::int64_t>(rest * 1e9));
}

Error corrupt(std::string_view name, std::size_t at, std::string_view what) {
  return usage_error(fmt::format(
      "{}: the pcapng block at byte {} {}: the file is corrupt; rewrite it with 'editcap {} "
      "fixed.pcap' or capture again (nothing was sent)",
      name, at, what, name));
}

}  // namespace

Result<Capture> read_pcapng(std::span<const std::byte> file, std::string_view name) {
  Capture capture;
  capture.format = "pcapng";
  FileByteOrder order;
  std::vector<Interface> interfaces;
  for (std::size_t at = 0; at < file.size();) {
    if (file.size() - at < 12) {
      ++capture.skipped.truncated;  // a capture stopped while writing
      break;
    }
    std::uint32_t type = order.u32(file, at);
    if (type == section_header) {
      // Each section says its own byte order.
      order.big_endian = FileByteOrder{true}.u32(file, at + 8) == byte_order_magic;
      if (order.u32(file, at + 8) != byte_order_magic)
        return corrupt(name, at, "has no byte order");
      interfaces.clear();
    }
    const std::uint32_t length = order.u32(file, at + 4);
    if (length < 12 || length % 4 != 0) return corrupt(name, at, "has an impossible length");
    if (file.size() - at < length) {
      ++capture.skipped.truncated;  // the last block, cut by the end of the file
      break;
    }
    const auto body = file.subspan(at + 8, length - 12);
    if (type == interface_description && body.size() >= 8) {
      interfaces.push_back(read_interface(body, order));
      if (!known_link_type(interfaces.back().link_type)) {
        return unknown_link_type(name, interfaces.back().link_type);
      }
    } else if (type == enhanced_packet) {
      if (body.size() < 20) return corrupt(name, at, "is too short for a packet");
      const std::uint32_t id = order.u32(body, 0);
      if (id >= interfaces.size()) return corrupt(name, at, "names an interface not described");
      const std::uint64_t units = std::uint64_t{order.u32(body, 4)} << 32 | order.u32(body, 8);
      const std::uint32_t captured = order.u32(body, 12);
      const std::uint32_t original = order.u32(body, 16);
      if (captured > body.size() - 20) return corrupt(name, at, "holds less than it says");
      keep_udp(capture, interfaces[id].link_type, packet_time(interfaces[id], units),
               body.subspan(20, captured), captured < original);
    }
    at += length;
  }
  return capture;
}

}  // namespace dgram
