// The json record (JSON Lines): one object per line that a JSON parser reads
// back to exactly the shown bytes, as "text" or "base64", with the right
// sender, size and truncation flag.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/records/escape.hpp"
#include "common/records/output_format.hpp"
#include "fuzz_check.hpp"
#include "record_input.hpp"

namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict RFC 4648 base64 with padding: the canonical spelling only (unused
// bits zero), since that is what dgram must write.
std::optional<std::string> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const std::size_t padding = !last ? 0 : text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int value = k < 4 - padding ? base64_value(text[i + k]) : 0;
      if (value < 0) return std::nullopt;
      group = group << 6 | static_cast<std::uint32_t>(value);
    }
    if (padding == 2 && (group & 0xffff) != 0) return std::nullopt;
    if (padding == 1 && (group & 0xff) != 0) return std::nullopt;
    out += static_cast<char>(group >> 16);
    if (padding < 2) out += static_cast<char>(group >> 8 & 0xff);
    if (padding < 1) out += static_cast<char>(group & 0xff);
  }
  return out;
}

// The line is safe on a terminal, like a text record: valid UTF-8 with no
// raw control byte, DEL, C1 control (C2 80-9F), arabic letter mark U+061C
// (D8 9C), left-to-right or right-to-left mark U+200E-200F (E2 80 8E-8F),
// line separator or bidi embedding or override U+2028-202E (E2 80 A8-AE) or
// bidi isolate U+2066-2069 (E2 81 A6-A9); JSON carries them as \uNNNN.
bool safe_on_a_terminal(std::string_view line) {
  if (!dgram::is_valid_utf8(std::as_bytes(std::span(line.data(), line.size())))) return false;
  const auto at = [&](std::size_t i) { return static_cast<std::uint8_t>(line[i]); };
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (at(i) < 0x20 || at(i) == 0x7f) return false;
    if (at(i) == 0xc2 && i + 1 < line.size() && at(i + 1) <= 0x9f) return false;
    if (at(i) == 0xd8 && i + 1 < line.size() && at(i + 1) == 0x9c) return false;
    if (at(i) == 0xe2 && i + 2 < line.size()) {
      if (at(i + 1) == 0x80 && at(i + 2) >= 0x8e && at(i + 2) <= 0x8f) return false;
      if (at(i + 1) == 0x80 && at(i + 2) >= 0xa8 && at(i + 2) <= 0xae) return false;
      if (at(i + 1) == 0x81 && at(i + 2) >= 0xa6 && at(i + 2) <= 0xa9) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  const dgram_fuzz::RecordInput input(provider);
  const dgram::Record& record = input.record;
  const std::string shown(input.payload.begin(), input.payload.end());

  std::string out;
  // Timestamps are a text/hex option; json always has "time", so either way.
  dgram::append_record(out, record, {dgram::OutputFormat::json, input.timestamps});
  FUZZ_CHECK(out.find('\n') == out.size() - 1);
  FUZZ_CHECK(safe_on_a_terminal(std::string_view(out).substr(0, out.size() - 1)));

  const auto object = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!object.is_discarded());
  FUZZ_CHECK(object.is_object());
  FUZZ_CHECK(object.size() == 6);
  FUZZ_CHECK(object.value("time", "") == dgram_fuzz::timestamp_text(record.time));
  FUZZ_CHECK(object.value("from", "") == dgram::net::address_text(record.from));
  FUZZ_CHECK(object.contains("port") && object["port"].is_number_unsigned());
  FUZZ_CHECK(object["port"].get<std::uint64_t>() == record.from.port);
  FUZZ_CHECK(object.contains("size") && object["size"].is_number_unsigned());
  FUZZ_CHECK(object["size"].get<std::uint64_t>() == record.size);
  FUZZ_CHECK(object.contains("truncated") && object["truncated"].is_boolean());
  FUZZ_CHECK(object["truncated"].get<bool>() == (record.shown.size() < record.size));

  const bool has_text = object.contains("text");
  FUZZ_CHECK(has_text != object.contains("base64"));
  // "text" exactly when the bytes are valid UTF-8, so it never needs repair.
  FUZZ_CHECK(has_text == dgram::is_valid_utf8(record.shown));
  if (has_text) {
    FUZZ_CHECK(object["text"].is_string());
    FUZZ_CHECK(object["text"].get<std::string>() == shown);
  } else {
    FUZZ_CHECK(object["base64"].is_string());
    const auto decoded = decode_base64(object["base64"].get<std::string>());
    FUZZ_CHECK(decoded.has_value());
    FUZZ_CHECK(*decoded == shown);
  }
  return 0;
}
