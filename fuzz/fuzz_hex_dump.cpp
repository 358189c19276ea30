// The hex record: a header line, then `hexdump -C` lines of fixed layout whose
// hex columns give back exactly the shown bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/records/endpoint_text.hpp"
#include "common/records/hex_record.hpp"
#include "common/records/output_format.hpp"
#include "fuzz_check.hpp"
#include "record_input.hpp"

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // dgram writes lowercase
}

// "OOOOOOOO  hh hh hh hh hh hh hh hh  hh hh hh hh hh hh hh hh  |ASCII|": 8 hex
// digits of offset, two spaces, 16 columns of "hh " (blank past the end) with
// one more space after the 8th, a space, then the bytes as ASCII between bars.
constexpr std::size_t columns_at = 10;
constexpr std::size_t ascii_at = columns_at + 16 * 3 + 1 + 2;

std::size_t column_position(std::size_t column) {
  return columns_at + column * 3 + (column >= 8 ? 1 : 0);
}

// Appends the bytes of one dump line to `bytes`; returns how many it held.
std::size_t parse_dump_line(std::string_view line, std::size_t offset, std::string& bytes) {
  FUZZ_CHECK(line.size() >= ascii_at + 1);
  for (std::size_t i = 0; i < 8; ++i) {
    FUZZ_CHECK(hex_value(line[i]) >= 0);
    FUZZ_CHECK(static_cast<std::size_t>(hex_value(line[i])) == (offset >> (28 - 4 * i) & 0xf));
  }
  FUZZ_CHECK(line.substr(8, 2) == "  ");
  FUZZ_CHECK(line.substr(column_position(8) - 1, 1) == " ");
  FUZZ_CHECK(line.substr(ascii_at - 2, 2) == " |");
  std::size_t count = 0;
  for (std::size_t column = 0; column < 16; ++column) {
    const std::string_view cell = line.substr(column_position(column), 3);
    if (cell == "   ") break;
    const int high = hex_value(cell[0]);
    const int low = hex_value(cell[1]);
    FUZZ_CHECK(high >= 0 && low >= 0 && cell[2] == ' ');
    bytes += static_cast<char>(high << 4 | low);
    ++count;
  }
  FUZZ_CHECK(count > 0);
  // Blank columns only after the last byte.
  for (std::size_t column = count; column < 16; ++column) {
    FUZZ_CHECK(line.substr(column_position(column), 3) == "   ");
  }
  const std::string_view ascii = line.substr(ascii_at);
  FUZZ_CHECK(ascii.size() == count + 1 && ascii.back() == '|');
  for (std::size_t i = 0; i < count; ++i) {
    const auto byte = static_cast<std::uint8_t>(bytes[bytes.size() - count + i]);
    FUZZ_CHECK(ascii[i] == (byte >= 0x20 && byte < 0x7f ? static_cast<char>(byte) : '.'));
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  const dgram_fuzz::RecordInput input(provider);
  const dgram::Record& record = input.record;

  std::string out;
  dgram::append_record(out, record, {dgram::OutputFormat::hex, input.timestamps});
  FUZZ_CHECK(!out.empty() && out.back() == '\n');

  // The header: [TIME ]SENDER N byte(s)[ [truncated: M shown]]
  std::string header;
  if (input.timestamps) header = dgram_fuzz::timestamp_text(record.time) + ' ';
  header += dgram::endpoint_text(record.from) + ' ' + std::to_string(record.size) +
            (record.size == 1 ? " byte" : " bytes");
  if (record.shown.size() < record.size) {
    header += " [truncated: " + std::to_string(record.shown.size()) + " shown]";
  }
  header += '\n';
  FUZZ_CHECK(std::string_view(out).starts_with(header));

  std::string_view dump(out);
  dump.remove_prefix(header.size());
  std::string bytes;
  std::size_t lines = 0;
  while (!dump.empty()) {
    const std::size_t end = dump.find('\n');
    FUZZ_CHECK(end != std::string_view::npos);
    const std::size_t count = parse_dump_line(dump.substr(0, end), lines * 16, bytes);
    dump.remove_prefix(end + 1);
    ++lines;
    // Only the last line may hold fewer than 16 bytes.
    FUZZ_CHECK(count == 16 || dump.empty());
  }
  FUZZ_CHECK(bytes == std::string(input.payload.begin(), input.payload.end()));

  // append_hex_dump alone writes exactly the lines after the header.
  std::string alone;
  dgram::append_hex_dump(alone, record.shown);
  FUZZ_CHECK(alone == out.substr(header.size()));
  // Whole lines written with the CPU's shuffles or byte by byte: the same.
  std::string byte_at_a_time;
  dgram::append_hex_dump_byte_at_a_time(byte_at_a_time, record.shown);
  FUZZ_CHECK(byte_at_a_time == alone);
  return 0;
}
