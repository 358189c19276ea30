#include "common/records/text_record.hpp"

#include "common/records/decimal.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/escape.hpp"

namespace dgram {

void append_text_head(std::string& out, const net::Endpoint& from, std::size_t shown_size,
                      std::size_t true_size, std::string_view note) {
  append_endpoint_text(out, from);
  out += ' ';
  if (shown_size < true_size) {
    out += "[truncated: ";
    append_decimal(out, shown_size);
    out += " of ";
    append_decimal(out, true_size);
    out += " bytes] ";
  }
  if (!note.empty()) {
    out += '[';
    out += note;
    out += "] ";
  }
}

void append_text_payload(std::string& out, std::span<const std::byte> shown) {
  // A payload's own leading '[' is escaped, so that a payload field starting
  // with '[' is always dgram's marker and a sender cannot fake one.
  if (!shown.empty() && shown.front() == std::byte{'['}) {
    out += "\\x5b";
    shown = shown.subspan(1);
  }
  append_escaped(out, shown);
  out += '\n';
}

void append_text_record(std::string& out, const net::Endpoint& from,
                        std::span<const std::byte> shown, std::size_t true_size,
                        std::string_view note) {
  append_text_head(out, from, shown.size(), true_size, note);
  append_text_payload(out, shown);
}

}  // namespace dgram
