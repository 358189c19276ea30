#include "common/records/base64.hpp"

#include <cstdint>

namespace dgram {

void append_base64(std::string& out, std::span<const std::byte> bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  out.reserve(out.size() + (bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto group = static_cast<std::uint32_t>(bytes[i]) << 16 |
                       static_cast<std::uint32_t>(bytes[i + 1]) << 8 |
                       static_cast<std::uint32_t>(bytes[i + 2]);
    out += alphabet[group >> 18];
    out += alphabet[(group >> 12) & 63];
    out += alphabet[(group >> 6) & 63];
    out += alphabet[group & 63];
  }
  const std::size_t left = bytes.size() - i;
  if (left == 0) return;
  std::uint32_t group = static_cast<std::uint32_t>(bytes[i]) << 16;
  if (left == 2) group |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
  out += alphabet[group >> 18];
  out += alphabet[(group >> 12) & 63];
  out += left == 2 ? alphabet[(group >> 6) & 63] : '=';
  out += '=';
}

}  // namespace dgram
