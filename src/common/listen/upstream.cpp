#include "common/listen/upstream.hpp"

#include <utility>

#include <fmt/format.h>

#include "common/endpoint.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/resolve_host.hpp"

namespace dgram {
namespace {

// Whether the listener hears datagrams of `family` (after unmapping).
bool hears_family(const ListenerReach& listener, net::Family family) {
  const net::Family bound = unmap(listener.local).family;
  if (listener.dual_stack) return true;
  return bound == family;
}

// "--forward collector:514 (192.0.2.7:514)", or just the endpoint when that
// is what was typed.
std::string named(const net::Endpoint& upstream, std::string_view typed) {
  const std::string shown = endpoint_text(upstream);
  if (typed == net::address_text(upstream)) return "--forward " + shown;
  const bool bracketed = typed.find(':') != std::string_view::npos;
  return fmt::format("--forward {}{}{}:{} ({})", bracketed ? "[" : "", typed, bracketed ? "]" : "",
                     upstream.port, shown);
}

}  // namespace

bool reaches_listener(const net::Endpoint& upstream, const ListenerReach& listener,
                      const net::LocalAddresses& local) {
  if (upstream.port != listener.local.port) return false;
  const net::Endpoint to = unmap(upstream);
  if (!hears_family(listener, to.family) || !is_local_address(to, local)) return false;
  if (is_wildcard(listener.local)) return true;
  // Bound to one address: only datagrams to that one arrive (to the wildcard
  // too, which this host delivers to itself).
  return same_address(to, listener.local) || is_wildcard(to);
}

Status check_upstream(const net::Endpoint& upstream, std::string_view typed,
                      const ListenerReach& listener, const net::LocalAddresses& local) {
  if (is_multicast(upstream)) {
    return usage_error(fmt::format(
        "{} is a multicast group: a relay forwards to one host; give that host's address",
        named(upstream, typed)));
  }
  if (is_local_broadcast(upstream, local)) {
    return usage_error(fmt::format(
        "{} is a broadcast address: a relay forwards to one host; give that host's address",
        named(upstream, typed)));
  }
  if (reaches_listener(upstream, listener, local)) {
    return usage_error(fmt::format(
        "{} is this listener's own port on this host: every datagram would loop; forward to "
        "another port or host",
        named(upstream, typed)));
  }
  return {};
}

UpstreamChoice::UpstreamChoice(std::vector<net::Endpoint> candidates, std::string host)
    : candidates_(std::move(candidates)), host_(std::move(host)) {}

std::optional<net::Endpoint> UpstreamChoice::refused(const net::Endpoint& at) {
  if (settled_ || at != current() || current_ + 1 >= candidates_.size()) return std::nullopt;
  ++current_;
  return current();
}

Result<UpstreamChoice> choose_upstream(const ForwardOptions& forward,
                                       const ListenerSocket& listener,
                                       net::FamilyPreference preference) {
  auto resolved = resolve_host_addresses(forward.host, forward.port, preference,
                                         /*passive=*/false, "--forward");
  if (!resolved) {
    Error error = resolved.take_error();
    error.message = fmt::format("--forward {}: {}", forward.host, error.message);
    return error;
  }
  // Without the list only loopback and the wildcard are known to be local;
  // the relay still starts.
  auto local = net::local_addresses();
  const net::LocalAddresses known = local ? std::move(local).value() : net::LocalAddresses{};
  const ListenerReach reach{listener.local, listener.dual_stack};
  for (const net::Endpoint& upstream : *resolved) {
    if (auto checked = check_upstream(upstream, forward.host, reach, known); !checked) {
      return checked.take_error();
    }
  }
  return UpstreamChoice(std::move(resolved).value(), forward.host);
}

}  // namespace dgram
