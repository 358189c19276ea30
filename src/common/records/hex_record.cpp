#include "common/records/hex_record.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "common/records/endpoint_text.hpp"

namespace dgram {

void append_hex_record(std::string& out, const net::Endpoint& from,
                       std::span<const std::byte> shown, std::size_t true_size,
                       std::string_view note) {
  append_endpoint_text(out, from);
  fmt::format_to(std::back_inserter(out), " {} byte{}", true_size, true_size == 1 ? "" : "s");
  if (shown.size() < true_size) {
    fmt::format_to(std::back_inserter(out), " [truncated: {} shown]", shown.size());
  }
  if (!note.empty()) fmt::format_to(std::back_inserter(out), " [{}]", note);
  out += '\n';
  append_hex_dump(out, shown);
}

void append_hex_dump(std::string& out, std::span<const std::byte> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  for (std::size_t offset = 0; offset < bytes.size(); offset += 16) {
    fmt::format_to(std::back_inserter(out), "{:08x}  ", offset);
    std::string ascii;
    for (std::size_t i = 0; i < 16; ++i) {
      if (offset + i < bytes.size()) {
        const auto byte = static_cast<std::uint8_t>(bytes[offset + i]);
        out += digits[byte >> 4];
        out += digits[byte & 0xf];
        out += ' ';
        ascii += byte >= 0x20 && byte < 0x7f ? static_cast<char>(byte) : '.';
      } else {
        out += "   ";
      }
      if (i == 7) out += ' ';
    }
    out += " |";
    out += ascii;
    out += "|\n";
  }
}

}  // namespace dgram
