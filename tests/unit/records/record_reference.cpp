#include "record_reference.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>

namespace dgram::reference {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

std::uint8_t at(std::span<const std::byte> bytes, std::size_t i) {
  return static_cast<std::uint8_t>(bytes[i]);
}

// Length of the well-formed UTF-8 sequence at bytes[i] and its code point,
// or 0 (Unicode Table 3-7), checked one condition at a time.
std::size_t decode_utf8(std::span<const std::byte> bytes, std::size_t i, char32_t& code_point) {
  const std::uint8_t lead = at(bytes, i);
  std::size_t length = 0;
  std::uint8_t low = 0x80;
  std::uint8_t high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
  } else {
    return 0;
  }
  if (lead == 0xe0) low = 0xa0;   // overlong
  if (lead == 0xed) high = 0x9f;  // surrogates
  if (lead == 0xf0) low = 0x90;   // overlong
  if (lead == 0xf4) high = 0x8f;  // past U+10FFFF
  if (bytes.size() - i < length) return 0;
  code_point = lead & (0x7fu >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const std::uint8_t next = at(bytes, i + k);
    if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xbf)) return 0;
    code_point = (code_point << 6) | (next & 0x3fu);
  }
  return length;
}

bool is_unsafe(char32_t c) {
  return (c >= 0x80 && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f || c == 0x2028 ||
         c == 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

// A multi-byte sequence at bytes[i]: kept, or \uNNNN when unsafe; 0 if not UTF-8.
std::size_t utf8_sequence(std::string& out, std::span<const std::byte> bytes, std::size_t i) {
  char32_t code_point = 0;
  const std::size_t length = decode_utf8(bytes, i, code_point);
  if (length == 0) return 0;
  if (is_unsafe(code_point)) {
    out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(code_point));
  } else {
    for (std::size_t k = 0; k < length; ++k) out += static_cast<char>(at(bytes, i + k));
  }
  return length;
}

std::string timestamp(WallClock::time_point time) {
  using namespace std::chrono;
  const auto micros = floor<microseconds>(time);
  const auto day = floor<days>(micros);
  const year_month_day date(day);
  const hh_mm_ss clock(micros - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count(),
                     clock.subseconds().count());
}

}  // namespace

void append_escaped(std::string& out, std::span<const std::byte> bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::uint8_t byte = at(bytes, i);
    std::size_t length = 1;
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte == '\\') {
      out += "\\\\";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (byte < 0x80) {
      out += static_cast<char>(byte);
    } else {
      length = utf8_sequence(out, bytes, i);
      if (length == 0) {
        out += fmt::format("\\x{:02x}", byte);
        length = 1;
      }
    }
    i += length;
  }
}

bool append_json_text(std::string& out, std::span<const std::byte> bytes) {
  std::string text;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::uint8_t byte = at(bytes, i);
    std::size_t length = 1;
    if (byte == '\n') {
      text += "\\n";
    } else if (byte == '\r') {
      text += "\\r";
    } else if (byte == '\t') {
      text += "\\t";
    } else if (byte == '\\') {
      text += "\\\\";
    } else if (byte == '"') {
      text += "\\\"";
    } else if (byte < 0x20 || byte == 0x7f) {
      text += fmt::format("\\u{:04x}", byte);
    } else if (byte < 0x80) {
      text += static_cast<char>(byte);
    } else {
      length = utf8_sequence(text, bytes, i);
      if (length == 0) return false;
    }
    i += length;
  }
  out += text;
  return true;
}

void append_base64(std::string& out, std::span<const std::byte> bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  // Bit by bit: 6 bits to a character, zero bits to fill the last, '=' to 4.
  std::uint32_t bits = 0;
  int held = 0;
  std::size_t written = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bits = (bits << 8) | at(bytes, i);
    held += 8;
    while (held >= 6) {
      held -= 6;
      out += alphabet[(bits >> held) & 63];
      ++written;
    }
  }
  if (held > 0) {
    out += alphabet[(bits << (6 - held)) & 63];
    ++written;
  }
  while (written % 4 != 0) {
    out += '=';
    ++written;
  }
}

void append_hex_dump(std::string& out, std::span<const std::byte> bytes) {
  for (std::size_t offset = 0; offset < bytes.size(); offset += 16) {
    out += fmt::format("{:08x}  ", offset);
    std::string ascii;
    for (std::size_t i = 0; i < 16; ++i) {
      if (offset + i < bytes.size()) {
        const std::uint8_t byte = at(bytes, offset + i);
        out += fmt::format("{:02x} ", byte);
        ascii += byte >= 0x20 && byte < 0x7f ? static_cast<char>(byte) : '.';
      } else {
        out += "   ";
      }
      if (i == 7) out += ' ';
    }
    out += " |" + ascii + "|\n";
  }
}

std::string endpoint_text(const net::Endpoint& endpoint) {
  const std::string address = net::address_text(endpoint);
  return endpoint.family == net::Family::ipv6 ? fmt::format("[{}]:{}", address, endpoint.port)
                                              : fmt::format("{}:{}", address, endpoint.port);
}

std::string record(const Record& record, const RecordStyle& style) {
  std::string out;
  const auto shown = record.shown;
  const bool cut = shown.size() < record.size;
  switch (style.format) {
    case OutputFormat::text:
      if (style.timestamps) out += timestamp(record.time) + ' ';
      out += endpoint_text(record.from) + ' ';
      if (cut) out += fmt::format("[truncated: {} of {} bytes] ", shown.size(), record.size);
      if (!record.note.empty()) out += fmt::format("[{}] ", record.note);
      if (!shown.empty() && at(shown, 0) == '[') {
        out += "\\x5b";
        append_escaped(out, shown.subspan(1));
      } else {
        append_escaped(out, shown);
      }
      return out + '\n';
    case OutputFormat::hex:
      if (style.timestamps) out += timestamp(record.time) + ' ';
      out += fmt::format("{} {} byte{}", endpoint_text(record.from), record.size,
                         record.size == 1 ? "" : "s");
      if (cut) out += fmt::format(" [truncated: {} shown]", shown.size());
      if (!record.note.empty()) out += fmt::format(" [{}]", record.note);
      out += '\n';
      append_hex_dump(out, shown);
      return out;
    case OutputFormat::json: {
      const std::string address = net::address_text(record.from);
      std::string from;
      if (!append_json_text(from, std::as_bytes(std::span(address.data(), address.size())))) {
        from = address.substr(0, address.find('%')) + fmt::format("%{}", record.from.scope_id);
      }
      out += fmt::format(R"({{"time":"{}","from":"{}","port":{},"size":{},"truncated":{},)",
                         timestamp(record.time), from, record.from.port, record.size, cut);
      std::string text;
      if (append_json_text(text, shown)) {
        out += R"("text":")" + text;
      } else {
        out += R"("base64":")";
        append_base64(out, shown);
      }
      return out + '"' + std::string(record.json) + "}\n";
    }
    case OutputFormat::raw:
      for (std::size_t i = 0; i < shown.size(); ++i) out += static_cast<char>(at(shown, i));
      return out;
  }
  return out;
}

}  // namespace dgram::reference
