#include "common/records/json_record.hpp"

#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "common/records/base64.hpp"
#include "common/records/decimal.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/escape.hpp"

namespace dgram {
namespace {

// The sender's address; a scope is an interface name, which may hold any
// byte but '/' and ':' on Linux: escaped, or its index when not UTF-8.
void append_address(std::string& out, const net::Endpoint& from) {
  const std::string& text = remembered_address_text(from);
  if (append_json_text(out, std::as_bytes(std::span(text.data(), text.size())))) return;
  out.append(text, 0, text.find('%'));
  out += '%';
  append_decimal(out, from.scope_id);
}

// The record's start up to the size: `{"time":"…","from":"…","port":…,"size":`,
// which only the time and the sender decide: remembered from one record to
// the next, as the datagrams of one read share their time and senders come
// in runs (with UDP GRO, up to 64 from one read).
const std::string& record_head(const Record& record) {
  thread_local std::optional<std::pair<WallClock::time_point, net::Endpoint>> last;
  thread_local std::string head;
  if (!last || last->first != record.time || last->second != record.from) {
    head = R"({"time":")";
    append_timestamp(head, record.time);
    head += R"(","from":")";
    append_address(head, record.from);
    head += R"(","port":)";
    append_decimal(head, record.from.port);
    head += R"(,"size":)";
    last.emplace(record.time, record.from);
  }
  return head;
}

}  // namespace

// Written field by field into `out`: no JSON document is built, since one
// record per datagram makes this the hot path of `listen --format json`. Keys
// and the address need no escaping; the payload goes through append_json_text,
// or base64 when it is not UTF-8.
void append_json_head(std::string& out, const Record& record) {
  out += record_head(record);
  append_decimal(out, record.size);
  out += record.shown.size() < record.size ? R"(,"truncated":true,"text":")"
                                           : R"(,"truncated":false,"text":")";
}

void append_json_record(std::string& out, const Record& record) {
  append_json_head(out, record);
  constexpr std::string_view text_field = R"(,"text":")";
  if (!append_json_text(out, record.shown)) {
    out.resize(out.size() - text_field.size());
    out += R"(,"base64":")";
    append_base64(out, record.shown);
  }
  if (record.json.empty()) {
    out += "\"}\n";
    return;
  }
  out += '"';
  out += record.json;
  out += "}\n";
}

}  // namespace dgram
