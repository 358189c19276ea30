// Numbers in a capture file, in the byte order its header announced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace dgram {

struct FileByteOrder {
  bool big_endian = false;

  std::uint32_t u16(std::span<const std::byte> bytes, std::size_t at) const {
    const auto a = std::to_integer<std::uint32_t>(bytes[at]);
    const auto b = std::to_integer<std::uint32_t>(bytes[at + 1]);
    return big_endian ? (a << 8 | b) : (b << 8 | a);
  }
  std::uint32_t u32(std::span<const std::byte> bytes, std::size_t at) const {
    const std::uint32_t first = u16(bytes, at);
    const std::uint32_t second = u16(bytes, at + 2);
    return big_endian ? (first << 16 | second) : (second << 16 | first);
  }
};

}  // namespace dgram
