#include "common/records/escape.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace dgram {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// Length of the well-formed UTF-8 sequence at `bytes[0]` and its code point,
// or 0 when the sequence is not well-formed (Unicode Table 3-7).
std::size_t decode_utf8(std::span<const std::byte> bytes, char32_t& code_point) {
  const auto at = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
  const std::uint8_t lead = at(0);
  std::size_t length = 0;
  std::uint8_t low = 0x80;
  std::uint8_t high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    code_point = lead & 0x1fu;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    code_point = lead & 0x0fu;
    if (lead == 0xe0) low = 0xa0;   // overlong
    if (lead == 0xed) high = 0x9f;  // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    code_point = lead & 0x07u;
    if (lead == 0xf0) low = 0x90;   // overlong
    if (lead == 0xf4) high = 0x8f;  // past U+10FFFF
  } else {
    return 0;
  }
  if (bytes.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const std::uint8_t next = at(i);
    if (next < low || next > high) return 0;
    low = 0x80;
    high = 0xbf;
    code_point = (code_point << 6) | (next & 0x3fu);
  }
  return length;
}

// Code points that are valid text but act on the terminal or the line: the
// C1 controls, the line and paragraph separators, and every Bidi_Control
// code point of Unicode (PropList.txt), which reorder what a line shows.
bool is_unsafe_code_point(char32_t code_point) {
  return (code_point >= 0x80 && code_point <= 0x9f) ||      // C1 controls, e.g. CSI
         code_point == 0x061c ||                            // arabic letter mark
         (code_point >= 0x200e && code_point <= 0x200f) ||  // left-to-right, right-to-left mark
         (code_point >= 0x2028 && code_point <= 0x2029) ||  // line/paragraph separator
         (code_point >= 0x202a && code_point <= 0x202e) ||  // bidi embeddings/overrides
         (code_point >= 0x2066 && code_point <= 0x2069);    // bidi isolates
}

void append_byte_escape(std::string& out, std::uint8_t byte) {
  const char escape[] = {'\\', 'x', hex_digits[byte >> 4], hex_digits[byte & 0xf]};
  out.append(escape, sizeof escape);
}

void append_code_point_escape(std::string& out, char32_t code_point) {
  const char escape[] = {'\\',
                         'u',
                         hex_digits[(code_point >> 12) & 0xf],
                         hex_digits[(code_point >> 8) & 0xf],
                         hex_digits[(code_point >> 4) & 0xf],
                         hex_digits[code_point & 0xf]};
  out.append(escape, sizeof escape);
}

// The two-character escapes that text and JSON records share, or null.
const char* short_escape(std::uint8_t byte) {
  switch (byte) {
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '\\':
      return "\\\\";
    default:
      return nullptr;
  }
}

// Appends the multi-byte UTF-8 sequence that `rest` starts with: as it is, or
// as \uNNNN when it acts on a terminal or the line. Returns its length, or 0
// (appending nothing) when it is not well-formed.
std::size_t append_utf8_sequence(std::string& out, std::span<const std::byte> rest) {
  char32_t code_point = 0;
  const std::size_t length = decode_utf8(rest, code_point);
  if (length == 0) return 0;
  if (is_unsafe_code_point(code_point)) {
    append_code_point_escape(out, code_point);
  } else {
    out.append(reinterpret_cast<const char*>(rest.data()), length);
  }
  return length;
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
};

// Whether every byte stands for itself, as in most payloads: then they are
// appended whole. No early exit, so that the compiler checks many bytes at
// a time (vectors where the target has them).
template <typename Special>
bool all_plain(std::span<const std::byte> bytes) {
  std::uint8_t special = 0;
  for (const std::byte byte : bytes) special |= Special::byte(static_cast<std::uint8_t>(byte));
  return special == 0;
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

// Appends the run of plain bytes at the start of `bytes` at once; returns
// its length.
template <typename Special>
std::size_t append_plain_run(std::string& out, std::span<const std::byte> bytes) {
  const std::size_t length = plain_run<Special>(bytes);
  out.append(reinterpret_cast<const char*>(bytes.data()), length);
  return length;
}

}  // namespace

void append_escaped(std::string& out, std::span<const std::byte> bytes) {
  if (all_plain<TextSpecial>(bytes)) {
    out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return;
  }
  std::size_t i = 0;
  while (i < bytes.size()) {
    i += append_plain_run<TextSpecial>(out, bytes.subspan(i));
    if (i == bytes.size()) break;
    const auto byte = static_cast<std::uint8_t>(bytes[i]);
    if (byte >= 0x80) {
      const std::size_t length = append_utf8_sequence(out, bytes.subspan(i));
      if (length == 0) append_byte_escape(out, byte);
      i += std::max<std::size_t>(length, 1);
      continue;
    }
    if (const char* escape = short_escape(byte)) {
      out.append(escape, 2);
    } else {  // other C0 controls and DEL
      append_byte_escape(out, byte);
    }
    ++i;
  }
}

bool append_json_text(std::string& out, std::span<const std::byte> bytes) {
  if (all_plain<JsonSpecial>(bytes)) {
    out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return true;
  }
  const std::size_t start = out.size();
  std::size_t i = 0;
  while (i < bytes.size()) {
    i += append_plain_run<JsonSpecial>(out, bytes.subspan(i));
    if (i == bytes.size()) break;
    const auto byte = static_cast<std::uint8_t>(bytes[i]);
    if (byte >= 0x80) {
      const std::size_t length = append_utf8_sequence(out, bytes.subspan(i));
      if (length == 0) {
        out.resize(start);
        return false;
      }
      i += length;
      continue;
    }
    if (const char* escape = short_escape(byte)) {
      out.append(escape, 2);
    } else if (byte == '"') {
      out.append("\\\"", 2);
    } else {  // other C0 controls and DEL
      append_code_point_escape(out, byte);
    }
    ++i;
  }
  return true;
}

bool is_valid_utf8(std::span<const std::byte> bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (static_cast<std::uint8_t>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t code_point = 0;
    const std::size_t length = decode_utf8(bytes.subspan(i), code_point);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace dgram
