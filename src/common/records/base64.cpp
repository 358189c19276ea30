#include "common/records/base64.hpp"

#include <cstdint>

namespace dgram {

// Written in place: the output grows once by its known length, then each
// group of 3 bytes becomes 4 characters.
void append_base64(std::string& out, std::span<const std::byte> bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::size_t start = out.size();
  out.resize(start + (bytes.size() + 2) / 3 * 4);
  char* at = out.data() + start;
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(bytes[i]); };
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3, at += 4) {
    const std::uint32_t group = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    at[0] = alphabet[group >> 18];
    at[1] = alphabet[(group >> 12) & 63];
    at[2] = alphabet[(group >> 6) & 63];
    at[3] = alphabet[group & 63];
  }
  const std::size_t left = bytes.size() - i;
  if (left == 0) return;
  std::uint32_t group = byte(i) << 16;
  if (left == 2) group |= byte(i + 1) << 8;
  at[0] = alphabet[group >> 18];
  at[1] = alphabet[(group >> 12) & 63];
  at[2] = left == 2 ? alphabet[(group >> 6) & 63] : '=';
  at[3] = '=';
}

}  // namespace dgram
