// The address parsers of the command line: net::parse_address, parse_prefix
// (--allow), parse_multicast_group (--join) and parse_local_address (--bind).
// They never crash or throw, what they accept holds its invariants, and the
// result printed back the documented way parses to itself.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "common/endpoint.hpp"
#include "common/listen/sender_policy.hpp"
#include "common/multicast_group.hpp"
#include "common/net.hpp"
#include "common/send/source_address.hpp"
#include "fuzz_check.hpp"

namespace {

using dgram::net::Endpoint;
using dgram::net::Family;

// An address alone: IPv4 in the first 4 bytes and never scoped, no port.
void check_plain_address(const Endpoint& address) {
  FUZZ_CHECK(address.port == 0);
  if (address.family == Family::ipv4) {
    FUZZ_CHECK(address.scope_id == 0);
    for (std::size_t i = 4; i < 16; ++i) FUZZ_CHECK(address.address[i] == 0);
  }
}

void check_address(const std::string& text) {
  const auto address = dgram::net::parse_address(text);
  if (!address) return;
  check_plain_address(*address);
  const auto again = dgram::net::parse_address(dgram::net::address_text(*address));
  FUZZ_CHECK(again.has_value() && *again == *address);
}

Endpoint with_bit_flipped(const dgram::AddressPrefix& prefix, unsigned bit) {
  Endpoint sender;
  sender.family = prefix.family;
  sender.address = prefix.address;
  sender.port = 4000;
  sender.address[bit / 8] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
  return sender;
}

void check_prefix(const std::string& text) {
  const auto prefix = dgram::parse_prefix(text);
  if (!prefix) {
    FUZZ_CHECK(prefix.error().kind == dgram::ErrorKind::usage);
    return;
  }
  const unsigned bits = prefix->family == Family::ipv4 ? 32 : 128;
  FUZZ_CHECK(prefix->length <= bits);
  Endpoint own;
  own.family = prefix->family;
  own.address = prefix->address;
  own.port = 53;
  FUZZ_CHECK(prefix->contains(own));
  // The length decides: a change inside it leaves the prefix, one after it does not.
  if (prefix->length > 0)
    FUZZ_CHECK(!prefix->contains(with_bit_flipped(*prefix, prefix->length - 1)));
  if (prefix->length < bits)
    FUZZ_CHECK(prefix->contains(with_bit_flipped(*prefix, prefix->length)));
  Endpoint other_family = own;
  other_family.family = prefix->family == Family::ipv4 ? Family::ipv6 : Family::ipv4;
  FUZZ_CHECK(!prefix->contains(other_family));

  own.port = 0;
  const auto again =
      dgram::parse_prefix(dgram::net::address_text(own) + "/" + std::to_string(prefix->length));
  FUZZ_CHECK(again.ok() && again->family == prefix->family && again->address == prefix->address &&
             again->length == prefix->length);
}

void check_multicast_group(const std::string& text) {
  const auto group = dgram::parse_multicast_group(text);
  if (!group) {
    FUZZ_CHECK(group.error().kind == dgram::ErrorKind::usage);
    return;
  }
  FUZZ_CHECK(dgram::is_multicast(group->group));
  check_plain_address(group->group);
  std::string printed = dgram::net::address_text(group->group);
  if (group->interface_address) {
    // By address: IPv4 groups on an IPv4 interface only, and then no index.
    FUZZ_CHECK(group->group.family == Family::ipv4);
    FUZZ_CHECK(group->interface_address->family == Family::ipv4);
    check_plain_address(*group->interface_address);
    FUZZ_CHECK(group->interface_index == 0);
    printed += "@" + dgram::net::address_text(*group->interface_address);
  } else if (group->interface_index != 0) {
    printed += "@" + std::to_string(group->interface_index);
  }
  // An index given as digits is that interface, never silently another one.
  const std::size_t at = text.find('@');
  const std::string_view local =
      at == std::string::npos ? std::string_view() : std::string_view(text).substr(at + 1);
  if (!local.empty() && local.find_first_not_of("0123456789") == std::string_view::npos) {
    std::uint64_t index = 0;
    const auto [end, status] = std::from_chars(local.data(), local.data() + local.size(), index);
    FUZZ_CHECK(status == std::errc() && end == local.data() + local.size());
    FUZZ_CHECK(index == group->interface_index);
  }
  const auto again = dgram::parse_multicast_group(printed);
  FUZZ_CHECK(again.ok() && again->group == group->group &&
             again->interface_index == group->interface_index &&
             again->interface_address == group->interface_address);
}

void check_local_address(const std::string& text) {
  const auto local = dgram::parse_local_address(text);
  if (!local) {
    FUZZ_CHECK(local.error().kind == dgram::ErrorKind::usage);
    return;
  }
  FUZZ_CHECK(local->address.has_value() || local->port != 0);
  // A port is given by "[ADDR]:PORT" or a single colon ("ADDR:PORT", ":PORT").
  const bool port_given = text.starts_with('[') ? text.find("]:") != std::string::npos
                                                : text.find(':') != std::string::npos &&
                                                      text.find(':') == text.rfind(':');
  FUZZ_CHECK(port_given == (local->port != 0));
  std::string printed;
  if (local->address) {
    check_plain_address(*local->address);
    const std::string address = dgram::net::address_text(*local->address);
    printed = local->address->family == Family::ipv6 ? "[" + address + "]" : address;
  }
  if (local->port != 0) printed += ":" + std::to_string(local->port);
  const auto again = dgram::parse_local_address(printed);
  FUZZ_CHECK(again.ok() && again->address == local->address && again->port == local->port);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // An exception would escape main() as a crash without saying which parser.
  try {
    check_address(text);
    check_prefix(text);
    check_multicast_group(text);
    check_local_address(text);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception: %s\n", e.what());
    dgram_fuzz::property_failed("no parser throws", __FILE__, __LINE__);
  }
  return 0;
}
