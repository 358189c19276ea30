#include "common/records/hex_record.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "common/records/decimal.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/hex_lines.hpp"

namespace dgram {
namespace {

constexpr char digits[] = "0123456789abcdef";

constexpr std::size_t cells_at = hex_lines::cells_at;
constexpr std::size_t ascii_at = hex_lines::ascii_at;
constexpr std::size_t full_line = hex_lines::whole_line;

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

// Fills in the cells of `count` bytes in one group of 8 cells, the first of
// them at `column`, over spaces.
void write_cells(char* line, std::size_t column, const std::uint8_t* bytes, std::size_t count) {
  char* cell = line + cell_at(column);
  for (std::size_t i = 0; i < count; ++i) std::memcpy(cell + 3 * i, hex_pairs[bytes[i]].data(), 2);
}

// Writes the line of the `count` (1-16) bytes at `bytes`, found at
// `offset`, at `at`, byte by byte; returns its length.
std::size_t write_dump_line(char* at, std::size_t offset, const std::uint8_t* bytes,
                            std::size_t count) {
  for (std::size_t i = 0; i < 4; ++i) {
    std::memcpy(at + 2 * i, hex_pairs[(offset >> (24 - 8 * i)) & 0xff].data(), 2);
  }
  std::memcpy(at + 8, "  ", 2);
  std::memset(at + cells_at, ' ', ascii_at - cells_at);  // the blank cells and the gaps
  const std::size_t first = std::min<std::size_t>(count, 8);
  write_cells(at, 0, bytes, first);
  write_cells(at, 8, bytes + 8, count - first);
  for (std::size_t i = 0; i < count; ++i) at[ascii_at + i] = ascii_column[bytes[i]];
  at[ascii_at - 1] = '|';
  at[ascii_at + count] = '|';
  at[ascii_at + count + 1] = '\n';
  return ascii_at + count + 2;
}

// Up to 16 lines at a time made on the stack, then appended: the output
// grows once a block, and nothing is written twice. Whole lines with
// `whole` when there is one.
void append_dump(std::string& out, std::span<const std::byte> bytes,
                 hex_lines::WholeLinesWriter whole) {
  constexpr std::size_t block_lines = 16;
  std::array<char, block_lines * full_line> block;
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  for (std::size_t start = 0; start < bytes.size(); start += 16 * block_lines) {
    const std::size_t end = std::min(bytes.size(), start + 16 * block_lines);
    std::size_t length = 0;
    std::size_t offset = start;
    if (whole) {
      const std::size_t lines = (end - start) / 16;
      length =
          static_cast<std::size_t>(whole(block.data(), start, data + start, lines) - block.data());
      offset += 16 * lines;
    }
    for (; offset < end; offset += 16) {
      const std::size_t count = std::min<std::size_t>(16, end - offset);
      length += write_dump_line(block.data() + length, offset, data + offset, count);
    }
    out.append(block.data(), length);
  }
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

void append_hex_dump(std::string& out, std::span<const std::byte> bytes) {
  static const hex_lines::WholeLinesWriter fastest = hex_lines::shuffling_writer();
  append_dump(out, bytes, fastest);
}

void append_hex_dump_byte_at_a_time(std::string& out, std::span<const std::byte> bytes) {
  append_dump(out, bytes, nullptr);
}

}  // namespace dgram
