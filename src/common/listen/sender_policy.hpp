// Which senders a listener hears (`--allow ADDR[/PREFIX]`) and which it
// answers (`--echo`).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {

struct AddressPrefix {
  net::Family family = net::Family::ipv4;
  std::array<std::uint8_t, 16> address{};
  unsigned length = 32;  // leading bits that must match

  // Whether `sender` is inside the prefix, of its family (AllowList
  // unmaps an IPv4 sender heard as ::ffff:a.b.c.d first).
  bool contains(const net::Endpoint& sender) const;
};

// "192.0.2.7", "192.0.2.0/24", "2001:db8::/32", "[::1]", "::1/128". A bad
// address or a length over the family's bits is a usage error. An
// IPv4-mapped rule (::ffff:192.0.2.7, ::ffff:192.0.2.0/120) is returned as
// the IPv4 rule it means.
Result<AddressPrefix> parse_prefix(std::string_view text);

// Every --allow as given, in order; the same rule twice (also spelled
// differently: 127.0.0.1 and ::ffff:127.0.0.1) is a usage error.
Result<std::vector<AddressPrefix>> parse_prefixes(const std::vector<std::string>& texts);

// Senders on no rule are rejected; an empty list accepts everyone. An IPv4
// sender heard as ::ffff:a.b.c.d is matched as a.b.c.d.
class AllowList {
 public:
  explicit AllowList(std::vector<AddressPrefix> rules) : rules_(std::move(rules)) {}
  bool accepts(const net::Endpoint& sender) const;

 private:
  std::vector<AddressPrefix> rules_;
};

// False for senders an echo would loop with: the listener's own port (its
// own echo coming back, or a second echo server on the same port), port 0,
// and the classic UDP services that answer every datagram (echo 7, daytime
// 13, qotd 17, chargen 19, time 37), as inetd refuses them.
bool may_echo_to(const net::Endpoint& sender, std::uint16_t own_port);

}  // namespace dgram
