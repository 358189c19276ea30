#include "common/send/hex_input.hpp"

#include <fmt/format.h>

namespace dgram {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':'; }

}  // namespace

Result<std::vector<std::byte>> parse_hex(std::string_view text) {
  std::vector<std::byte> bytes;
  bytes.reserve(text.size() / 2);
  int high = -1;  // the first digit of a byte, while waiting for the second
  std::size_t high_position = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_separator(c)) {
      if (high >= 0) {
        return usage_error(
            fmt::format("invalid hex at position {}: a byte needs two digits", high_position));
      }
      continue;
    }
    const int value = hex_value(c);
    if (value < 0) {
      const auto byte = static_cast<unsigned char>(c);
      return usage_error(fmt::format(
          "invalid hex at position {}: {} is not a hex digit; --hex takes 0-9, a-f, spaces, "
          "tabs, line breaks and colons",
          i + 1,
          byte >= 0x20 && byte < 0x7f ? fmt::format("'{}'", c)
                                      : fmt::format("byte 0x{:02x}", byte)));
    }
    if (high < 0) {
      high = value;
      high_position = i + 1;
    } else {
      bytes.push_back(static_cast<std::byte>(high << 4 | value));
      high = -1;
    }
  }
  if (high >= 0) {
    return usage_error(fmt::format(
        "invalid hex at position {}: odd number of hex digits, a byte needs two", high_position));
  }
  return bytes;
}

}  // namespace dgram
