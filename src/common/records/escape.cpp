#include "common/records/escape.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "common/records/plain_run.hpp"

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

// A record's escaped bytes gathered on the stack and appended in blocks:
// an escape costs a few stores rather than an append each.
class EscapeWriter {
 public:
  explicit EscapeWriter(std::string& out) : out_(out) {}
  // Where the next piece (at most 6 characters) goes; wrote() counts it.
  char* room() {
    if (used_ + 6 > buffer_.size()) flush();
    return buffer_.data() + used_;
  }
  void wrote(std::size_t length) { used_ += length; }
  // Copies `length` plain bytes: long runs go straight to the output.
  void plain(const std::uint8_t* bytes, std::size_t length) {
    if (length >= 16) {
      flush();
      out_.append(reinterpret_cast<const char*>(bytes), length);
      return;
    }
    char* at = room();
    if (used_ + length > buffer_.size()) {  // room() leaves 6 at least
      flush();
      at = room();
    }
    for (std::size_t i = 0; i < length; ++i) at[i] = static_cast<char>(bytes[i]);
    wrote(length);
  }
  void flush() {
    out_.append(buffer_.data(), used_);
    used_ = 0;
  }

 private:
  std::string& out_;
  std::array<char, 256> buffer_;
  std::size_t used_ = 0;
};

void write_byte_escape(EscapeWriter& out, std::uint8_t byte) {
  char* at = out.room();
  at[0] = '\\';
  at[1] = 'x';
  at[2] = hex_digits[byte >> 4];
  at[3] = hex_digits[byte & 0xf];
  out.wrote(4);
}

void write_code_point_escape(EscapeWriter& out, char32_t code_point) {
  char* at = out.room();
  at[0] = '\\';
  at[1] = 'u';
  for (std::size_t i = 0; i < 4; ++i) at[2 + i] = hex_digits[(code_point >> (12 - 4 * i)) & 0xf];
  out.wrote(6);
}

void write_short_escape(EscapeWriter& out, const char* escape) {
  char* at = out.room();
  at[0] = escape[0];
  at[1] = escape[1];
  out.wrote(2);
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

// Writes the multi-byte UTF-8 sequence that `rest` starts with: as it is, or
// as \uNNNN when it acts on a terminal or the line. Returns its length, or 0
// (writing nothing) when it is not well-formed.
std::size_t write_utf8_sequence(EscapeWriter& out, std::span<const std::byte> rest) {
  const auto lead = static_cast<std::uint8_t>(rest[0]);
  if (lead < 0xc2 || lead > 0xf4) return 0;  // never a lead byte: binary, mostly
  char32_t code_point = 0;
  const std::size_t length = decode_utf8(rest, code_point);
  if (length == 0) return 0;
  if (is_unsafe_code_point(code_point)) {
    write_code_point_escape(out, code_point);
  } else {
    char* at = out.room();
    for (std::size_t i = 0; i < length; ++i) at[i] = static_cast<char>(rest[i]);
    out.wrote(length);
  }
  return length;
}

// Writes the plain run at the start of `rest`; returns its length.
template <typename Special>
std::size_t write_plain_run(EscapeWriter& out, std::span<const std::byte> rest) {
  const std::size_t length = plain::plain_run<Special>(rest);
  out.plain(reinterpret_cast<const std::uint8_t*>(rest.data()), length);
  return length;
}

}  // namespace

void append_escaped(std::string& out, std::span<const std::byte> bytes) {
  if (plain::all_plain<plain::TextSpecial>(bytes)) {
    out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return;
  }
  EscapeWriter writer(out);
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto byte = static_cast<std::uint8_t>(bytes[i]);
    if (!plain::TextSpecial::byte(byte)) {
      i += write_plain_run<plain::TextSpecial>(writer, bytes.subspan(i));
      continue;
    }
    if (byte >= 0x80) {
      const std::size_t length = write_utf8_sequence(writer, bytes.subspan(i));
      if (length == 0) write_byte_escape(writer, byte);
      i += std::max<std::size_t>(length, 1);
      continue;
    }
    if (const char* escape = short_escape(byte)) {
      write_short_escape(writer, escape);
    } else {  // other C0 controls and DEL
      write_byte_escape(writer, byte);
    }
    ++i;
  }
  writer.flush();
}

bool append_json_text(std::string& out, std::span<const std::byte> bytes) {
  if (plain::all_plain<plain::JsonSpecial>(bytes)) {
    out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return true;
  }
  const std::size_t start = out.size();
  EscapeWriter writer(out);
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto byte = static_cast<std::uint8_t>(bytes[i]);
    if (!plain::JsonSpecial::byte(byte)) {
      i += write_plain_run<plain::JsonSpecial>(writer, bytes.subspan(i));
      continue;
    }
    if (byte >= 0x80) {
      const std::size_t length = write_utf8_sequence(writer, bytes.subspan(i));
      if (length == 0) {
        out.resize(start);  // what the writer holds is dropped with it
        return false;
      }
      i += length;
      continue;
    }
    if (const char* escape = short_escape(byte)) {
      write_short_escape(writer, escape);
    } else if (byte == '"') {
      write_short_escape(writer, "\\\"");
    } else {  // other C0 controls and DEL
      write_code_point_escape(writer, byte);
    }
    ++i;
  }
  writer.flush();
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
