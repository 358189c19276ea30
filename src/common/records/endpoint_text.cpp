#include "common/records/endpoint_text.hpp"

#include <charconv>
#include <optional>

namespace dgram {

std::string endpoint_text(const net::Endpoint& endpoint) {
  std::string text;
  append_endpoint_text(text, endpoint);
  return text;
}

const std::string& remembered_address_text(const net::Endpoint& endpoint) {
  thread_local std::optional<net::Endpoint> last;
  thread_local std::string text;
  net::Endpoint address = endpoint;
  address.port = 0;
  if (last != address) {
    text = net::address_text(address);
    last = address;
  }
  return text;
}

// Remembered whole for the last endpoint: a record per datagram asks for the
// same sender again and again (with UDP GRO, up to 64 in a row from one read).
void append_endpoint_text(std::string& out, const net::Endpoint& endpoint) {
  thread_local std::optional<net::Endpoint> last;
  thread_local std::string text;
  if (last != endpoint) {
    const bool v6 = endpoint.family == net::Family::ipv6;
    text.clear();
    if (v6) text += '[';
    text += remembered_address_text(endpoint);
    text += v6 ? "]:" : ":";
    char digits[8];
    text.append(digits, std::to_chars(digits, digits + sizeof digits, endpoint.port).ptr);
    last = endpoint;
  }
  out += text;
}

}  // namespace dgram
