#include "common/records/escape.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

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
  out += "\\x";
  out += hex_digits[byte >> 4];
  out += hex_digits[byte & 0xf];
}

void append_code_point_escape(std::string& out, char32_t code_point) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += hex_digits[(code_point >> shift) & 0xf];
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

// Bytes that stand for themselves inside a JSON string dgram writes:
// printable ASCII but the quote and the backslash.
constexpr auto json_plain = [] {
  std::array<bool, 256> plain{};
  for (int byte = 0x20; byte < 0x7f; ++byte) plain[static_cast<std::size_t>(byte)] = true;
  plain['"'] = false;
  plain['\\'] = false;
  return plain;
}();

}  // namespace

void append_escaped(std::string& out, std::span<const std::byte> bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto byte = static_cast<std::uint8_t>(bytes[i]);
    if (byte >= 0x80) {
      const std::size_t length = append_utf8_sequence(out, bytes.subspan(i));
      if (length == 0) append_byte_escape(out, byte);
      i += std::max<std::size_t>(length, 1);
      continue;
    }
    if (const char* escape = short_escape(byte)) {
      out += escape;
    } else if (byte < 0x20 || byte == 0x7f) {
      append_byte_escape(out, byte);
    } else {
      out += static_cast<char>(byte);
    }
    ++i;
  }
}

bool append_json_text(std::string& out, std::span<const std::byte> bytes) {
  const std::size_t start = out.size();
  std::size_t i = 0;
  while (i < bytes.size()) {
    // The common case first: a run of printable ASCII, appended at once.
    std::size_t plain = i;
    while (plain < bytes.size() && json_plain[static_cast<std::uint8_t>(bytes[plain])]) ++plain;
    out.append(reinterpret_cast<const char*>(bytes.data() + i), plain - i);
    i = plain;
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
      out += escape;
    } else if (byte == '"') {
      out += "\\\"";
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
