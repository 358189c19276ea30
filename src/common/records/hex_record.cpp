#include "common/records/hex_record.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "common/records/decimal.hpp"
#include "common/records/endpoint_text.hpp"

namespace dgram {
namespace {

constexpr char digits[] = "0123456789abcdef";

// The layout of a dump line: "OOOOOOOO  hh hh hh hh hh hh hh hh  hh hh hh hh
// hh hh hh hh  |ASCII|\n": the offset, two spaces, 16 cells of "hh " (blank
// past the end) with a space more after the 8th, a space, then the bytes as
// ASCII between bars.
constexpr std::size_t cells_at = 10;
constexpr std::size_t ascii_at = cells_at + 16 * 3 + 1 + 2;
constexpr std::size_t full_line = ascii_at + 16 + 2;

constexpr std::size_t cell_at(std::size_t column) {
  return cells_at + column * 3 + (column >= 8 ? 1 : 0);
}

// The start of a line with every cell blank, up to the ASCII column: each
// line starts as a copy.
constexpr auto blank_line = [] {
  std::array<char, ascii_at> line{};
  for (char& c : line) c = ' ';
  line[ascii_at - 1] = '|';
  return line;
}();

// The byte as the ASCII column shows it: printable ASCII, others as '.'.
constexpr auto ascii_column = [] {
  std::array<char, 256> shown{};
  for (std::size_t byte = 0; byte < shown.size(); ++byte) {
    shown[byte] = byte >= 0x20 && byte < 0x7f ? static_cast<char>(byte) : '.';
  }
  return shown;
}();

// Writes the line of the `count` (1-16) bytes at `bytes`, found at
// `offset`, to `at`; returns its length.
std::size_t write_dump_line(char* at, std::size_t offset, const std::uint8_t* bytes,
                            std::size_t count) {
  std::copy_n(blank_line.begin(), ascii_at, at);
  for (std::size_t i = 0; i < 8; ++i) at[i] = digits[(offset >> (28 - 4 * i)) & 0xf];
  for (std::size_t i = 0; i < count; ++i) {
    char* cell = at + cell_at(i);
    cell[0] = digits[bytes[i] >> 4];
    cell[1] = digits[bytes[i] & 0xf];
    at[ascii_at + i] = ascii_column[bytes[i]];
  }
  at[ascii_at + count] = '|';
  at[ascii_at + count + 1] = '\n';
  return ascii_at + count + 2;
}

}  // namespace

void append_hex_record(std::string& out, const net::Endpoint& from,
                       std::span<const std::byte> shown, std::size_t true_size,
                       std::string_view note) {
  append_endpoint_text(out, from);
  out += ' ';
  append_decimal(out, true_size);
  out += true_size == 1 ? " byte" : " bytes";
  if (shown.size() < true_size) {
    out += " [truncated: ";
    append_decimal(out, shown.size());
    out += " shown]";
  }
  if (!note.empty()) {
    out += " [";
    out += note;
    out += ']';
  }
  out += '\n';
  append_hex_dump(out, shown);
}

// Written in place: the whole dump's size is known, so the output grows once
// and each line is a copy of a blank one with its bytes filled in.
void append_hex_dump(std::string& out, std::span<const std::byte> bytes) {
  const std::size_t lines = (bytes.size() + 15) / 16;
  if (lines == 0) return;
  const std::size_t last = bytes.size() - (lines - 1) * 16;
  std::size_t at = out.size();
  out.resize(at + (lines - 1) * full_line + ascii_at + last + 2);
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  for (std::size_t line = 0; line < lines; ++line) {
    at += write_dump_line(out.data() + at, line * 16, data + line * 16,
                          line + 1 < lines ? 16 : last);
  }
}

}  // namespace dgram
