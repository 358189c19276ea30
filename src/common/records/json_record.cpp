#include "common/records/json_record.hpp"

#include <charconv>
#include <cstdint>
#include <optional>
#include <span>

#include "common/records/base64.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/escape.hpp"

namespace dgram {
namespace {

void append_number(std::string& out, std::size_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

// The sender's address; a scope is an interface name, which may hold any
// byte but '/' and ':' on Linux: escaped, or its index when not UTF-8.
void append_address(std::string& out, const net::Endpoint& from) {
  const std::string& text = remembered_address_text(from);
  if (append_json_text(out, std::as_bytes(std::span(text.data(), text.size())))) return;
  out.append(text, 0, text.find('%'));
  out += '%';
  append_number(out, from.scope_id);
}

// The fields between the time and the size, which only the sender decides:
// remembered from one record to the next, as senders come in runs (and with
// UDP GRO in groups of up to 64 from one read).
const std::string& sender_fields(const net::Endpoint& from) {
  thread_local std::optional<net::Endpoint> last;
  thread_local std::string fields;
  if (last != from) {
    fields = R"(","from":")";
    append_address(fields, from);
    fields += R"(","port":)";
    append_number(fields, from.port);
    fields += R"(,"size":)";
    last = from;
  }
  return fields;
}

// Whether every byte stands for itself in a JSON string (printable ASCII but
// the quote and the backslash), as in most payloads: then they are appended
// whole. No early exit, so that the compiler checks many bytes at a time.
bool all_plain_json(std::span<const std::byte> bytes) {
  std::uint8_t escaped = 0;
  for (const std::byte byte : bytes) {
    const auto c = static_cast<std::uint8_t>(byte);
    // c - 0x20 wraps below 0x20: one comparison for both ends of the range.
    escaped |= static_cast<std::uint8_t>((static_cast<std::uint8_t>(c - 0x20) >= 0x5f) |
                                         (c == '"') | (c == '\\'));
  }
  return escaped == 0;
}

}  // namespace

// Written field by field into `out`: no JSON document is built, since one
// record per datagram makes this the hot path of `listen --format json`. Keys
// and the address need no escaping; the payload goes through append_json_text.
void append_json_record(std::string& out, const Record& record) {
  out += R"({"time":")";
  append_timestamp(out, record.time);
  out += sender_fields(record.from);
  append_number(out, record.size);
  out += record.shown.size() < record.size ? R"(,"truncated":true)" : R"(,"truncated":false)";
  const std::size_t payload_field = out.size();
  out += R"(,"text":")";
  if (all_plain_json(record.shown)) {
    out.append(reinterpret_cast<const char*>(record.shown.data()), record.shown.size());
  } else if (!append_json_text(out, record.shown)) {
    out.resize(payload_field);
    out += R"(,"base64":")";
    append_base64(out, record.shown);
  }
  out += '"';
  out += record.json;
  out += "}\n";
}

}  // namespace dgram
