// The shuffling hex-dump line writer: SSSE3's byte shuffle turns 16 bytes
// into their 32 hex digits and spreads those over the cells, 16 output
// bytes a store. Chosen at run time (x86-64 itself guarantees only SSE2);
// other processors use the byte-at-a-time writer.
#include "common/records/hex_lines.hpp"

#if defined(__x86_64__) || defined(__i386__)

#include <cpuid.h>
#include <tmmintrin.h>

#include <array>
#include <cstddef>
#include <cstring>

namespace dgram::hex_lines {
namespace {

// Which digit each output byte of a 16-byte store of the cells takes: from
// the digits of bytes 0-7 (`low`) or 8-15 (`high`), -128 for none (a space,
// which `spaces` puts there). `first` is the store's first byte, counted
// from the first cell.
struct Spread {
  std::array<char, 16> low{};
  std::array<char, 16> high{};
  std::array<char, 16> spaces{};
};

constexpr Spread spread_from(int first) {
  Spread spread;
  for (std::size_t i = 0; i < 16; ++i) {
    const int at = first + static_cast<int>(i);
    const bool second_group = at > 24;
    const int in_group = second_group ? at - 25 : at;
    spread.low[i] = spread.high[i] = -128;
    if (at == 24 || in_group % 3 == 2) {  // the gap after a cell, or between the groups
      spread.spaces[i] = ' ';
      continue;
    }
    const auto digit = static_cast<char>(2 * (in_group / 3) + in_group % 3);
    (second_group ? spread.high : spread.low)[i] = digit;
  }
  return spread;
}

constexpr std::array<Spread, 3> spreads = {spread_from(0), spread_from(16), spread_from(32)};

#define DGRAM_SSSE3 __attribute__((target("ssse3")))

DGRAM_SSSE3 __m128i load(const std::array<char, 16>& bytes) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes.data()));
}

// The shuffles and constants a line needs, loaded once for all lines.
struct LineMasks {
  __m128i nibble, digits, printable_below, dots;
  __m128i low[3], high[3], spaces[3];
};

DGRAM_SSSE3 LineMasks line_masks() {
  LineMasks masks{};
  masks.nibble = _mm_set1_epi8(0x0f);
  masks.digits =
      _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
  masks.printable_below = _mm_set1_epi8(-33);
  masks.dots = _mm_set1_epi8('.');
  for (std::size_t store = 0; store < 3; ++store) {
    masks.low[store] = load(spreads[store].low);
    masks.high[store] = load(spreads[store].high);
    masks.spaces[store] = load(spreads[store].spaces);
  }
  return masks;
}

// The hex digits of each byte of `in`: the high nibbles' digits and the
// low nibbles' digits.
struct Digits {
  __m128i high, low;
};

DGRAM_SSSE3 Digits digits_of(__m128i in, const LineMasks& masks) {
  return {_mm_shuffle_epi8(masks.digits, _mm_and_si128(_mm_srli_epi16(in, 4), masks.nibble)),
          _mm_shuffle_epi8(masks.digits, _mm_and_si128(in, masks.nibble))};
}

DGRAM_SSSE3 void write_line(char* line, std::size_t offset, const std::uint8_t* bytes,
                            const LineMasks& masks) {
  // The offset: 8 digits, most significant first.
  const auto offset_bytes = static_cast<int>(__builtin_bswap32(static_cast<std::uint32_t>(offset)));
  const Digits place = digits_of(_mm_cvtsi32_si128(offset_bytes), masks);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(line), _mm_unpacklo_epi8(place.high, place.low));
  std::memcpy(line + 8, "  ", 2);
  // Each byte's two digits in order, bytes 0-7 and bytes 8-15, spread over
  // the cells.
  const __m128i in = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const Digits digits = digits_of(in, masks);
  const __m128i first_half = _mm_unpacklo_epi8(digits.high, digits.low);
  const __m128i second_half = _mm_unpackhi_epi8(digits.high, digits.low);
  for (std::size_t store = 0; store < 3; ++store) {
    const __m128i from_first = _mm_shuffle_epi8(first_half, masks.low[store]);
    const __m128i from_second = _mm_shuffle_epi8(second_half, masks.high[store]);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(line + cells_at + 16 * static_cast<int>(store)),
                     _mm_or_si128(_mm_or_si128(from_first, from_second), masks.spaces[store]));
  }
  // Printable ASCII, 0x20-0x7e, is what lands below -33 as a signed byte
  // once 0x60 is added; other bytes show as '.'.
  const __m128i moved = _mm_add_epi8(in, _mm_set1_epi8(0x60));
  const __m128i printable = _mm_cmpgt_epi8(masks.printable_below, moved);
  const __m128i shown =
      _mm_or_si128(_mm_and_si128(printable, in), _mm_andnot_si128(printable, masks.dots));
  std::memcpy(line + ascii_at - 3, "  |", 3);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(line + ascii_at), shown);
  std::memcpy(line + ascii_at + 16, "|\n", 2);
}

DGRAM_SSSE3 char* write_lines_ssse3(char* at, std::size_t offset, const std::uint8_t* bytes,
                                    std::size_t lines) {
  const LineMasks masks = line_masks();
  for (std::size_t line = 0; line < lines; ++line, at += whole_line) {
    write_line(at, offset + 16 * line, bytes + 16 * line, masks);
  }
  return at;
}

}  // namespace

// CPUID asked here, when a hex dump is first written, not by
// __builtin_cpu_supports: that links libgcc's CPU detection, which runs
// before main in every process, and in a virtual machine each CPUID is a
// trip to the hypervisor (0.13 ms more for a one-shot send, measured).
WholeLinesWriter shuffling_writer() {
  unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return nullptr;
  return (ecx & bit_SSSE3) != 0 ? write_lines_ssse3 : nullptr;
}

}  // namespace dgram::hex_lines

#else

namespace dgram::hex_lines {

WholeLinesWriter shuffling_writer() { return nullptr; }

}  // namespace dgram::hex_lines

#endif
