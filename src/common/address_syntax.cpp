#include "common/address_syntax.hpp"

#include <fmt/format.h>

#include "common/endpoint.hpp"

namespace dgram {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

AddressAndPort split_address_port(std::string_view text) {
  AddressAndPort split;
  split.address = text;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) {
      split.unbalanced = true;
      return split;
    }
    split.address = text.substr(1, close - 1);
    const std::string_view rest = text.substr(close + 1);
    if (rest.starts_with(':')) {
      split.port = rest.substr(1);
    } else if (!rest.empty()) {
      split.unbalanced = true;
    }
    return split;
  }
  // One colon: an IPv4 address or a name (or nothing) and a port. More: a
  // bare IPv6 address, which cannot carry a port without brackets.
  const std::size_t colon = text.find(':');
  if (colon != std::string_view::npos && colon == text.rfind(':')) {
    split.address = text.substr(0, colon);
    split.port = text.substr(colon + 1);
  }
  return split;
}

Status check_scope(std::string_view address, std::string_view what) {
  // The OS reads addresses up to a NUL: what follows one would be ignored.
  // (No command line holds one; the fuzzer does.)
  if (address.find('\0') != std::string_view::npos) {
    return usage_error(fmt::format("{} is not an address: it holds a NUL byte", what));
  }
  const std::size_t percent = address.find('%');
  if (percent == std::string_view::npos) {
    const auto plain = net::parse_address(std::string(address));
    if (plain && is_link_local(*plain)) {
      return usage_error(fmt::format(
          "{} {} is a link-local address, which needs the interface it is on: write {}%IFACE "
          "(an interface name such as {}, or its index)",
          what, address, address, net::interface_name_example()));
    }
    return {};
  }
  const std::string_view plain_text = address.substr(0, percent);
  const std::string_view scope = address.substr(percent + 1);
  const auto plain = net::parse_address(std::string(plain_text));
  if (!plain || !is_link_scoped(*plain)) {
    return usage_error(fmt::format(
        "{} '{}': only a link-local IPv6 address (fe80::/10, ff02::/16) takes a %scope; leave "
        "out '%{}'",
        what, address, scope));
  }
  if (scope.empty()) {
    return usage_error(fmt::format(
        "{} '{}': name the interface after '%' (an interface name such as {}, or its index)", what,
        address, net::interface_name_example()));
  }
  if (all_digits(scope)) {  // an interface index; 0 is none
    if (scope.find_first_not_of('0') != std::string_view::npos) return {};
    return usage_error(fmt::format(
        "{} '{}': interface index 0 is no interface; give the name or index of the one the "
        "address is on",
        what, address));
  }
  if (auto index = net::interface_index(std::string(scope), net::Family::ipv6); !index) {
    return usage_error(fmt::format("{} '{}': {}", what, address, index.error().message));
  }
  return {};
}

Status check_host_argument(std::string_view host) {
  if (host.empty()) {
    return usage_error("HOST is empty; give a host name or an address: dgram send HOST PORT");
  }
  const AddressAndPort split = split_address_port(host);
  if (split.unbalanced) {
    return usage_error(fmt::format(
        "HOST '{}' is not an address: write an IPv6 address as ::1 or [::1], and the port as "
        "the next argument",
        host));
  }
  if (split.port && (split.port->empty() || all_digits(*split.port))) {
    const bool bracketed = host.starts_with('[');
    return usage_error(fmt::format(
        "HOST '{}' has a port glued to it; HOST and PORT are separate arguments: write '{}{}{} "
        "{}'",
        host, bracketed ? "[" : "", split.address, bracketed ? "]" : "",
        split.port->empty() ? std::string_view("PORT") : *split.port));
  }
  if (split.port) return {};  // not an address and port: the resolver will say what it is
  return check_scope(split.address, "HOST");
}

Result<std::string> parse_listen_bind(std::string_view text, std::string_view port) {
  if (text.empty()) {
    return usage_error(
        "--bind is empty; give a local address (127.0.0.1, ::1), or leave --bind out to hear "
        "every address");
  }
  const AddressAndPort split = split_address_port(text);
  if (split.unbalanced) {
    return usage_error(fmt::format(
        "invalid --bind '{}': write an IPv6 address as ::1 or [::1], and the port as listen's "
        "PORT argument",
        text));
  }
  if (split.port) {
    const bool ipv6 = split.address.find(':') != std::string_view::npos;
    const std::string address = split.address.empty() ? std::string()
                                                      : fmt::format(" -b {}{}{}", ipv6 ? "[" : "",
                                                                    split.address, ipv6 ? "]" : "");
    return usage_error(fmt::format(
        "listen --bind takes an address without a port; the port is the PORT argument: dgram "
        "listen {}{}",
        split.port->empty() ? port : *split.port, address));
  }
  if (auto scoped = check_scope(split.address, "--bind"); !scoped) return scoped.take_error();
  return std::string(split.address);
}

}  // namespace dgram
