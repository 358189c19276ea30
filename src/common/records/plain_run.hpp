// Finding the bytes that a record must escape, many at a time: most
// payloads are plain ASCII, which is then copied whole (escape.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace dgram::plain {

// 16 bytes as one vector (vector types of GCC and Clang: SSE2 on x86-64,
// NEON on ARM, plain words elsewhere).
using Bytes16 = std::uint8_t __attribute__((vector_size(16)));
using Signed16 = std::int8_t __attribute__((vector_size(16)));

inline Bytes16 load16(const std::uint8_t* bytes) {
  Bytes16 vector;
  std::memcpy(&vector, bytes, sizeof vector);
  return vector;
}

// Tests on 8 bytes at once (SWAR: a 64-bit word as 8 lanes), portable C++
// that checks plain ASCII several times faster than byte by byte. Each sets
// the high bit of some lane exactly when ANY lane matches (a borrow or carry
// crosses into the next lane only out of a lane that matches itself).
constexpr std::uint64_t lanes_1 = 0x0101010101010101u;
constexpr std::uint64_t lanes_high = 0x8080808080808080u;
constexpr std::uint64_t lanes_of(std::uint8_t byte) { return lanes_1 * byte; }
// Some lane is zero.
constexpr std::uint64_t any_zero(std::uint64_t word) {
  return (word - lanes_1) & ~word & lanes_high;
}
// Some lane is below `bound` (at most 0x80).
constexpr std::uint64_t any_below(std::uint64_t word, std::uint8_t bound) {
  return (word - lanes_of(bound)) & ~word & lanes_high;
}
// Some lane is above `bound` (at most 0x7f).
constexpr std::uint64_t any_above(std::uint64_t word, std::uint8_t bound) {
  return ((word + lanes_of(static_cast<std::uint8_t>(0x7f - bound))) | word) & lanes_high;
}

// Bytes that stand for themselves in a text record: printable ASCII but the
// backslash. Bitwise rather than short-circuit operators, without branches,
// so that the compiler can test many bytes at once.
struct TextSpecial {
  static constexpr std::uint8_t byte(std::uint8_t c) {
    // c - 0x20 wraps below 0x20: one comparison for both ends of the range.
    return static_cast<std::uint8_t>((static_cast<std::uint8_t>(c - 0x20) >= 0x5f) | (c == '\\'));
  }
  static constexpr std::uint64_t word(std::uint64_t w) {
    return any_below(w, 0x20) | any_above(w, 0x7e) | any_zero(w ^ lanes_of('\\'));
  }
  static Bytes16 vector(Bytes16 v) {
    // 0x20..0x7e plus 0x60 is 0x80..0xde: as signed bytes, below -33.
    const auto moved = reinterpret_cast<Signed16>(v + static_cast<std::uint8_t>(0x60));
    return reinterpret_cast<Bytes16>(moved > static_cast<std::int8_t>(-34)) |
           reinterpret_cast<Bytes16>(v == static_cast<std::uint8_t>('\\'));
  }
};

// Bytes that stand for themselves inside a JSON string dgram writes:
// printable ASCII but the quote and the backslash.
struct JsonSpecial {
  static constexpr std::uint8_t byte(std::uint8_t c) {
    return static_cast<std::uint8_t>(TextSpecial::byte(c) | (c == '"'));
  }
  static constexpr std::uint64_t word(std::uint64_t w) {
    return TextSpecial::word(w) | any_zero(w ^ lanes_of('"'));
  }
  static Bytes16 vector(Bytes16 v) {
    return TextSpecial::vector(v) | reinterpret_cast<Bytes16>(v == static_cast<std::uint8_t>('"'));
  }
};

// Whether every byte stands for itself, as in most payloads: then they are
// appended whole. 64 bytes a step, without an early exit.
template <typename Special>
bool all_plain(std::span<const std::byte> bytes) {
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t i = 0;
  Bytes16 special{};
  for (; i + 64 <= size; i += 64) {
    special |= Special::vector(load16(data + i)) | Special::vector(load16(data + i + 16)) |
               Special::vector(load16(data + i + 32)) | Special::vector(load16(data + i + 48));
  }
  for (; i + 16 <= size; i += 16) special |= Special::vector(load16(data + i));
  std::uint8_t rest = 0;
  for (; i < size; ++i) rest |= Special::byte(data[i]);
  std::uint64_t halves[2];
  std::memcpy(halves, &special, sizeof halves);
  return (halves[0] | halves[1] | rest) == 0;
}

// The number of bytes at the start of `bytes` that stand for themselves, as
// text mostly is: 8 at a time, then byte by byte from the word that holds
// the first special one.
template <typename Special>
std::size_t plain_run(std::span<const std::byte> bytes) {
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, data + i, sizeof word);
    if (Special::word(word)) break;
  }
  while (i < bytes.size() && !Special::byte(data[i])) ++i;
  return i;
}

}  // namespace dgram::plain
