// Where a relay sends: the addresses of --forward's host, checked at start
// for what would loop back into the relay or fan out to many hosts, and the
// rule for moving on to the host's next address when one refuses (the rule
// `send` follows).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/listen/forward_options.hpp"
#include "common/listen/listener_socket.hpp"
#include "common/local_addresses.hpp"
#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {

// What a listener hears: the address it is bound to, and whether it is an
// IPv6 wildcard that also hears IPv4.
struct ListenerReach {
  net::Endpoint local;
  bool dual_stack = false;
};

// Whether a datagram this host sends to `upstream` would arrive at the
// listener: a local address and the listener's port, of a family the
// listener hears, at the address it is bound to (any, for a wildcard).
bool reaches_listener(const net::Endpoint& upstream, const ListenerReach& listener,
                      const net::LocalAddresses& local);

// One address of `--forward TYPED`, checked before anything is relayed: a
// broadcast address, a multicast group or the listener itself is a usage
// error naming the fix.
Status check_upstream(const net::Endpoint& upstream, std::string_view typed,
                      const ListenerReach& listener, const net::LocalAddresses& local);

// The address a relay sends to, among the host's addresses in the
// resolver's order. Until an answer comes back, an ICMP port unreachable
// from the current address moves the relay on to the next one, once per
// address; the last one it keeps.
class UpstreamChoice {
 public:
  UpstreamChoice(std::vector<net::Endpoint> candidates, std::string host);

  const net::Endpoint& current() const { return candidates_[current_]; }
  const std::string& host() const { return host_; }

  // An answer came from current(): the upstream is there; no refusal moves
  // the relay away from it any more.
  void answered() { settled_ = true; }

  // `at` refused a datagram. The address to relay to from now on when the
  // relay moves on (later datagrams go there; the refused one is lost);
  // nothing when it stays: `at` is no longer current (a late refusal), an
  // answer came, or there is no next address.
  std::optional<net::Endpoint> refused(const net::Endpoint& at);

 private:
  std::vector<net::Endpoint> candidates_;
  std::string host_;
  std::size_t current_ = 0;
  bool settled_ = false;
};

// Resolves `--forward HOST:PORT` (every address, in the resolver's order,
// of the family `preference` allows) and checks each against `listener`
// and this host's addresses (check_upstream).
Result<UpstreamChoice> choose_upstream(const ForwardOptions& forward,
                                       const ListenerSocket& listener,
                                       net::FamilyPreference preference);

}  // namespace dgram
