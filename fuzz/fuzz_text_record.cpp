// append_escaped and the text record (README "listen"): a hostile payload can
// neither drive the terminal nor look like two records, and the escaping is
// unambiguous: the documented escapes undo it exactly.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/records/endpoint_text.hpp"
#include "common/records/escape.hpp"
#include "common/records/output_format.hpp"
#include "fuzz_check.hpp"
#include "record_input.hpp"

namespace {

// Code points that act on the terminal or the line although they are valid
// text (escape.hpp): they may appear only as \uNNNN. C1 controls, the line
// and paragraph separators, and Unicode's Bidi_Control set: U+061C,
// U+200E-200F, U+202A-202E, U+2066-2069.
bool is_unsafe_code_point(char32_t code_point) {
  return (code_point >= 0x80 && code_point <= 0x9f) || code_point == 0x061c ||
         (code_point >= 0x200e && code_point <= 0x200f) ||
         (code_point >= 0x2028 && code_point <= 0x202e) ||
         (code_point >= 0x2066 && code_point <= 0x2069);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // dgram writes lowercase; anything else is not its output
}

std::optional<std::uint32_t> hex_number(std::string_view digits) {
  std::uint32_t value = 0;
  for (const char c : digits) {
    const int digit = hex_value(c);
    if (digit < 0) return std::nullopt;
    value = value << 4 | static_cast<std::uint32_t>(digit);
  }
  return value;
}

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x800) {
    out += static_cast<char>(0xc0 | code_point >> 6);
  } else {
    out += static_cast<char>(0xe0 | code_point >> 12);
    out += static_cast<char>(0x80 | (code_point >> 6 & 0x3f));
  }
  out += static_cast<char>(0x80 | (code_point & 0x3f));
}

// The inverse of append_escaped as README documents it (\n \r \t \\ \xNN
// \uNNNN). Each escape is accepted only where dgram must use it, so that a
// round trip also shows that no byte has two spellings.
std::optional<std::string> unescape(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '\\') {
      out += text[i++];
      continue;
    }
    if (i + 1 == text.size()) return std::nullopt;
    const char kind = text[i + 1];
    if (kind == 'n' || kind == 'r' || kind == 't' || kind == '\\') {
      out += kind == 'n' ? '\n' : kind == 'r' ? '\r' : kind == 't' ? '\t' : '\\';
      i += 2;
    } else if (kind == 'x') {
      const auto byte = hex_number(text.substr(i + 2, 2));
      if (!byte || text.size() - i < 4) return std::nullopt;
      const bool needs_escape =
          (*byte < 0x20 && *byte != '\n' && *byte != '\r' && *byte != '\t') || *byte >= 0x7f;
      if (!needs_escape) return std::nullopt;
      out += static_cast<char>(*byte);
      i += 4;
    } else if (kind == 'u') {
      const auto code_point = hex_number(text.substr(i + 2, 4));
      if (!code_point || text.size() - i < 6 || !is_unsafe_code_point(*code_point)) {
        return std::nullopt;
      }
      append_utf8(out, *code_point);
      i += 6;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// The code points of valid UTF-8 `text`.
std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> result;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<std::uint8_t>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    char32_t code_point = length == 1 ? lead : lead & (0x7fu >> length);
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      code_point = code_point << 6 | (static_cast<std::uint8_t>(text[i + k]) & 0x3fu);
    }
    result.push_back(code_point);
    i += length;
  }
  return result;
}

// Escaped text is safe on a terminal line: printable ASCII or valid UTF-8
// without controls, C1, bidi controls or line separators.
void check_safe(std::string_view escaped) {
  for (const char c : escaped) {
    const auto byte = static_cast<std::uint8_t>(c);
    FUZZ_CHECK(byte >= 0x20 && byte != 0x7f);
  }
  FUZZ_CHECK(dgram::is_valid_utf8(dgram_fuzz::bytes_of(std::string(escaped))));
  for (const char32_t code_point : code_points(escaped)) {
    FUZZ_CHECK(!is_unsafe_code_point(code_point));
  }
}

void check_escaped(const std::vector<std::uint8_t>& payload) {
  std::string escaped;
  dgram::append_escaped(escaped, std::as_bytes(std::span(payload)));
  check_safe(escaped);
  const auto original = unescape(escaped);
  FUZZ_CHECK(original.has_value());
  FUZZ_CHECK(*original == std::string(payload.begin(), payload.end()));
}

// Reads the record the way a script would: [TIME ]SENDER [MARKER ]PAYLOAD\n.
void check_record(const dgram_fuzz::RecordInput& input, const std::string& out) {
  FUZZ_CHECK(!out.empty() && out.back() == '\n');
  std::string_view line(out.data(), out.size() - 1);
  check_safe(line);
  if (input.timestamps) {
    const std::string time = dgram_fuzz::timestamp_text(input.record.time) + ' ';
    FUZZ_CHECK(line.starts_with(time));
    line.remove_prefix(time.size());
  }
  const std::size_t space = line.find(' ');
  FUZZ_CHECK(space != std::string_view::npos);
  FUZZ_CHECK(line.substr(0, space) == dgram::endpoint_text(input.record.from));
  line.remove_prefix(space + 1);
  // A field that starts with '[' is dgram's marker, never the payload.
  const bool truncated = input.record.shown.size() < input.record.size;
  FUZZ_CHECK(line.starts_with('[') == truncated);
  if (truncated) {
    const std::string marker = "[truncated: " + std::to_string(input.record.shown.size()) + " of " +
                               std::to_string(input.record.size) + " bytes] ";
    FUZZ_CHECK(line.starts_with(marker));
    line.remove_prefix(marker.size());
    FUZZ_CHECK(!line.starts_with('['));
  }
  std::string payload;
  // The payload's own leading '[' is the one place where \x5b is written.
  if (line.starts_with("\\x5b")) {
    payload = "[";
    line.remove_prefix(4);
  }
  const auto rest = unescape(line);
  FUZZ_CHECK(rest.has_value());
  payload += *rest;
  FUZZ_CHECK(payload == std::string(input.payload.begin(), input.payload.end()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  const dgram_fuzz::RecordInput input(provider);
  check_escaped(input.payload);

  std::string out;
  dgram::append_record(out, input.record, {dgram::OutputFormat::text, input.timestamps});
  // Exactly one line: the only newline is the last byte.
  FUZZ_CHECK(out.find('\n') == out.size() - 1);
  check_record(input, out);
  return 0;
}
