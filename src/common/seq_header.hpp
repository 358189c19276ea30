// The header `dgram send --seq` puts in front of each payload and `dgram
// listen --stats` recognises: 20 bytes, all numbers big-endian (network
// byte order), then the payload the user gave, unchanged.
//
//   offset  size  field
//   0       4     magic: the bytes "dgS1" (0x64 0x67 0x53 0x31; 1 is the version)
//   4       8     sequence number: 0 for the first datagram of a run, +1 each
//   12      8     send time: nanoseconds since 1970-01-01T00:00:00Z (the
//                 sender's clock; only differences between datagrams of one
//                 sender are used, so the two clocks need not agree)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace dgram {

inline constexpr std::size_t seq_header_size = 20;
inline constexpr std::array<std::byte, 4> seq_magic{std::byte{'d'}, std::byte{'g'}, std::byte{'S'},
                                                    std::byte{'1'}};

struct SeqHeader {
  std::uint64_t sequence = 0;
  std::uint64_t sent_ns = 0;  // since the Unix epoch, the sender's clock
};

inline void write_seq_header(std::span<std::byte, seq_header_size> out, const SeqHeader& header) {
  for (std::size_t i = 0; i < seq_magic.size(); ++i) out[i] = seq_magic[i];
  for (std::size_t i = 0; i < 8; ++i) {
    out[4 + i] = static_cast<std::byte>(header.sequence >> (56 - 8 * i));
    out[12 + i] = static_cast<std::byte>(header.sent_ns >> (56 - 8 * i));
  }
}

// The header at the start of `datagram`, or nothing when it has none (too
// short, or another magic).
inline std::optional<SeqHeader> read_seq_header(std::span<const std::byte> datagram) {
  if (datagram.size() < seq_header_size) return std::nullopt;
  for (std::size_t i = 0; i < seq_magic.size(); ++i) {
    if (datagram[i] != seq_magic[i]) return std::nullopt;
  }
  SeqHeader header;
  for (std::size_t i = 0; i < 8; ++i) {
    header.sequence = (header.sequence << 8) | static_cast<std::uint8_t>(datagram[4 + i]);
    header.sent_ns = (header.sent_ns << 8) | static_cast<std::uint8_t>(datagram[12 + i]);
  }
  return header;
}

}  // namespace dgram
