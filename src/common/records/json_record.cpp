#include "common/records/json_record.hpp"

#include <charconv>
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

}  // namespace

// Written field by field into `out`: no JSON document is built, since one
// record per datagram makes this the hot path of `listen --format json`. Keys
// and the address need no escaping; the payload goes through append_json_text.
void append_json_record(std::string& out, const Record& record) {
  out += R"({"time":")";
  append_timestamp(out, record.time);
  out += R"(","from":")";
  append_address(out, record.from);
  out += R"(","port":)";
  append_number(out, record.from.port);
  out += R"(,"size":)";
  append_number(out, record.size);
  out += record.shown.size() < record.size ? R"(,"truncated":true)" : R"(,"truncated":false)";
  const std::size_t payload_field = out.size();
  out += R"(,"text":")";
  if (!append_json_text(out, record.shown)) {
    out.resize(payload_field);
    out += R"(,"base64":")";
    append_base64(out, record.shown);
  }
  out += "\"}\n";
}

}  // namespace dgram
