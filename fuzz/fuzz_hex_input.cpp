// parse_hex (`send --hex`): accepts exactly pairs of hex digits between
// separators, gives bytes that survive re-encoding, and otherwise names a
// position inside the input in a message that is safe to print.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/send/hex_input.hpp"
#include "fuzz_check.hpp"

namespace {

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':'; }

// The grammar of hex_input.hpp, written independently: only digits and
// separators, and every run of digits between separators has even length.
bool is_valid_hex(std::string_view text) {
  std::size_t run = 0;
  for (const char c : text) {
    if (is_hex_digit(c)) {
      ++run;
    } else if (is_separator(c)) {
      if (run % 2 != 0) return false;
      run = 0;
    } else {
      return false;
    }
  }
  return run % 2 == 0;
}

// The bytes in hex again, in mixed case and with every kind of separator, so
// that the second parse takes another path than the first.
std::string encode(const std::vector<std::byte>& bytes) {
  static constexpr std::string_view separators[] = {"", " ", ":", "\t", "\r\n", "  :"};
  static constexpr char lower[] = "0123456789abcdef";
  static constexpr char upper[] = "0123456789ABCDEF";
  std::string text;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<std::uint8_t>(bytes[i]);
    const char* digits = i % 2 == 0 ? lower : upper;
    text += digits[byte >> 4];
    text += digits[byte & 0xf];
    text += separators[i % std::size(separators)];
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = dgram::parse_hex(text);
  FUZZ_CHECK(parsed.ok() == is_valid_hex(text));

  if (parsed) {
    std::size_t digits = 0;
    for (const char c : text) digits += is_hex_digit(c) ? 1 : 0;
    FUZZ_CHECK(parsed->size() * 2 == digits);
    const auto again = dgram::parse_hex(encode(*parsed));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == *parsed);
    return 0;
  }

  const dgram::Error& error = parsed.error();
  FUZZ_CHECK(error.kind == dgram::ErrorKind::usage);
  // The message reaches the terminal: it must not carry the input's control
  // bytes or invalid UTF-8.
  for (const char c : error.message) {
    FUZZ_CHECK(c >= 0x20 && c < 0x7f);
  }
  // "invalid hex at position N: ...", N counted from 1 and within the input.
  constexpr std::string_view prefix = "invalid hex at position ";
  FUZZ_CHECK(std::string_view(error.message).starts_with(prefix));
  const char* number = error.message.data() + prefix.size();
  const char* end = error.message.data() + error.message.size();
  std::size_t position = 0;
  const auto [after, status] = std::from_chars(number, end, position);
  FUZZ_CHECK(status == std::errc() && after != end && *after == ':');
  FUZZ_CHECK(position >= 1 && position <= size);
  // It points at the culprit: a stray character or a lone digit, never a
  // separator.
  const char culprit = text[position - 1];
  FUZZ_CHECK(!is_separator(culprit));
  FUZZ_CHECK(is_hex_digit(culprit) ==
             (std::string_view(error.message).find("not a hex digit") == std::string_view::npos));
  return 0;
}
