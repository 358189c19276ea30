#include "common/records/hex_record.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

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

// The byte as the ASCII column shows it: printable ASCII, others as '.'.
constexpr auto ascii_column = [] {
  std::array<char, 256> shown{};
  for (std::size_t byte = 0; byte < shown.size(); ++byte) {
    shown[byte] = byte >= 0x20 && byte < 0x7f ? static_cast<char>(byte) : '.';
  }
  return shown;
}();

// The byte's two hex digits.
constexpr auto hex_pairs = [] {
  std::array<std::array<char, 2>, 256> pairs{};
  for (std::size_t byte = 0; byte < pairs.size(); ++byte) {
    pairs[byte] = {digits[byte >> 4], digits[byte & 0xf]};
  }
  return pairs;
}();

// Fills in the cells and the ASCII column of `count` bytes in one group of
// 8 cells, the first of them at `column`.
void write_group(char* line, std::size_t column, const std::uint8_t* bytes, std::size_t count) {
  char* cell = line + cell_at(column);
  char* ascii = line + ascii_at + column;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t byte = bytes[i];  // read once: the stores may alias it
    std::memcpy(cell + 3 * i, hex_pairs[byte].data(), 2);
    ascii[i] = ascii_column[byte];
  }
}

// Writes the line of the `count` (1-16) bytes at `bytes`, found at
// `offset`, over the spaces at `at`; returns its length.
std::size_t write_dump_line(char* at, std::size_t offset, const std::uint8_t* bytes,
                            std::size_t count) {
  for (std::size_t i = 0; i < 4; ++i) {
    std::memcpy(at + 2 * i, hex_pairs[(offset >> (24 - 8 * i)) & 0xff].data(), 2);
  }
  if (count == 16) {  // all lines but the last: groups of a known size, unrolled
    write_group(at, 0, bytes, 8);
    write_group(at, 8, bytes + 8, 8);
  } else {
    const std::size_t first = std::min<std::size_t>(count, 8);
    write_group(at, 0, bytes, first);
    write_group(at, 8, bytes + 8, count - first);
  }
  at[ascii_at - 1] = '|';
  at[ascii_at + count] = '|';
  at[ascii_at + count + 1] = '\n';
  return ascii_at + count + 2;
}

}  // namespace

void append_hex_record(std::string& out, const net::Endpoint& from,
                       std::span<const std::byte> shown, std::size_t true_size,
                       std::string_view note) {
  append_hex_head(out, from, shown.size(), true_size, note);
  append_hex_dump(out, shown);
}

void append_hex_head(std::string& out, const net::Endpoint& from, std::size_t shown_size,
                     std::size_t true_size, std::string_view note) {
  append_endpoint_text(out, from);
  out += ' ';
  append_decimal(out, true_size);
  out += true_size == 1 ? " byte" : " bytes";
  if (shown_size < true_size) {
    out += " [truncated: ";
    append_decimal(out, shown_size);
    out += " shown]";
  }
  if (!note.empty()) {
    out += " [";
    out += note;
    out += ']';
  }
  out += '\n';
}

// Written in place, over spaces (the blank cells and the gaps), in blocks
// of up to 16 lines: each block grows the output once. (Small blocks, as
// large fills go through `rep stosb`, which instruction counts overstate.)
void append_hex_dump(std::string& out, std::span<const std::byte> bytes) {
  constexpr std::size_t block_bytes = 16 * 16;
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  for (std::size_t start = 0; start < bytes.size(); start += block_bytes) {
    const std::size_t size = std::min(block_bytes, bytes.size() - start);
    const std::size_t lines = (size + 15) / 16;
    const std::size_t last = size - (lines - 1) * 16;
    std::size_t at = out.size();
    out.append((lines - 1) * full_line + ascii_at + last + 2, ' ');
    for (std::size_t offset = start; offset < start + size; offset += 16) {
      const std::size_t count = std::min<std::size_t>(16, start + size - offset);
      at += write_dump_line(out.data() + at, offset, data + offset, count);
    }
  }
}

}  // namespace dgram
