// Address arguments as typed: the mistakes a user fixes on the command line
// (a port glued to a host, a link-local address without its interface, an
// interface that does not exist) found before any network call, so that they
// are usage errors (exit 2) in dgram's words rather than a resolver's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {

// `text` split where a port glued to an address begins: "[::1]:8081",
// "192.0.2.5:4000" and ":4000" carry one; "::1", "[::1]", "fe80::1%eth0" and
// names do not (an IPv6 address needs brackets to carry a port).
struct AddressAndPort {
  std::string_view address;              // without the brackets
  std::optional<std::string_view> port;  // the text after the ':', maybe empty
  bool unbalanced = false;               // '[' without ']', or junk after ']'
};
AddressAndPort split_address_port(std::string_view text);

// The scope of a typed address, checked: a link-local IPv6 address
// ("fe80::1") must have one; a scope ("%eth0", "%12") belongs only to a
// link-scoped IPv6 address and, when it is a name, must name an interface.
// Names and other addresses without '%' pass. `what` names the argument.
Status check_scope(std::string_view address, std::string_view what);

// send's HOST: not empty, no port glued to it, a well-formed scope.
Status check_host_argument(std::string_view host);

// listen's --bind ADDR: not empty, and no port (PORT is its own argument;
// `port` is it, for the message). Returns the address without brackets.
Result<std::string> parse_listen_bind(std::string_view text, std::string_view port);

}  // namespace dgram
