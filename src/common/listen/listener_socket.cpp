#include "common/listen/listener_socket.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/endpoint.hpp"
#include "common/listen/open_answer_warning.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/resolve_host.hpp"

namespace dgram {
namespace {

// The family the --join groups need, if any: one socket hears the groups of
// one family.
Result<std::optional<net::Family>> group_family(const ListenOptions& options) {
  if (options.groups.empty()) return std::optional<net::Family>();
  const net::Family family = options.groups.front().group.family;
  for (const auto& group : options.groups) {
    if (group.group.family != family) {
      return usage_error(
          "--join of IPv4 and IPv6 groups together needs two listeners, one for each family");
    }
  }
  const bool ipv4 = family == net::Family::ipv4;
  if ((ipv4 && options.family == net::FamilyPreference::ipv6_only) ||
      (!ipv4 && options.family == net::FamilyPreference::ipv4_only)) {
    return usage_error(fmt::format("--join of {} groups contradicts {}", ipv4 ? "IPv4" : "IPv6",
                                   ipv4 ? "-6" : "-4"));
  }
  return std::optional<net::Family>(family);
}

Result<net::Endpoint> bind_address_for(const ListenOptions& options,
                                       std::optional<net::Family> groups) {
  if (options.bind_address) {
    return resolve_host(*options.bind_address, options.port, options.family, /*passive=*/true,
                        "--bind");
  }
  const bool ipv4 =
      groups ? *groups == net::Family::ipv4 : options.family == net::FamilyPreference::ipv4_only;
  return any_address(ipv4 ? net::Family::ipv4 : net::Family::ipv6, options.port);
}

// The socket for `local`, set up as the options ask, not yet bound.
Result<ListenerSocket> open_unbound(const ListenOptions& options, const net::Endpoint& local) {
  auto socket = net::UdpSocket::open(local.family);
  if (!socket) return socket.take_error();
  ListenerSocket listener{std::move(socket).value(), local, false, std::nullopt};
  if (local.family == net::Family::ipv6) {
    // -6 means IPv6 only; otherwise a wildcard IPv6 socket also hears IPv4.
    const bool ipv6_only = options.family == net::FamilyPreference::ipv6_only;
    if (auto set = listener.socket.set_ipv6_only(ipv6_only); !set) return set.take_error();
    listener.dual_stack = !ipv6_only && is_wildcard(local);
  }
  if (auto ignored = listener.socket.ignore_icmp_errors(); !ignored) return ignored.take_error();
  if (auto sharing = listener.socket.set_port_sharing(options.reuse); !sharing) {
    return sharing.take_error();
  }
  return listener;
}

const char* family_name(net::Family family) {
  return family == net::Family::ipv4 ? "IPv4" : "IPv6";
}

// A rule of a family the socket never hears would reject, without a word,
// every sender it names (the sibling of `send -6 127.0.0.1`).
Status check_rules_can_match(const ListenOptions& options, const ListenerSocket& listener) {
  const net::Family heard = unmap(listener.local).family;
  for (const AddressPrefix& rule : options.allow) {
    if (listener.dual_stack || rule.family == heard) continue;
    net::Endpoint address;
    address.family = rule.family;
    address.address = rule.address;
    const unsigned bits = rule.family == net::Family::ipv4 ? 32 : 128;
    return usage_error(fmt::format(
        "--allow {}{} names {} senders, but the listener on {} hears {} senders only; drop the "
        "rule or listen on both families (no -4, -6 or --bind)",
        net::address_text(address), rule.length == bits ? "" : fmt::format("/{}", rule.length),
        family_name(rule.family), net::address_text(listener.local), family_name(heard)));
  }
  return {};
}

}  // namespace

Result<ListenerSocket> open_listener(const ListenOptions& options) {
  auto groups = group_family(options);
  if (!groups) return groups.take_error();
  auto local = bind_address_for(options, *groups);
  if (!local) return local.take_error();
  if (*groups && unmap(*local).family != **groups) {
    return usage_error(fmt::format("--join of {} groups needs an {} --bind address, not {}",
                                   family_name(**groups), family_name(**groups),
                                   net::address_text(*local)));
  }
  const bool default_dual_stack =
      !options.bind_address && !*groups && options.family == net::FamilyPreference::any;

  auto listener = open_unbound(options, *local);
  if (!listener && default_dual_stack) {
    // No IPv6 (or no dual-stack) on this host: IPv4 only, as promised.
    listener = open_unbound(options, any_address(net::Family::ipv4, options.port));
  }
  if (!listener) return listener.take_error();
  if (auto matchable = check_rules_can_match(options, *listener); !matchable) {
    return matchable.take_error();
  }
  net::UdpSocket& socket = listener->socket;
  if (auto fits = check_max_size(options.max_size, listener->local); !fits) {
    return fits.take_error();
  }
  if (options.rcvbuf) {
    auto granted = socket.set_receive_buffer(*options.rcvbuf);
    if (!granted) return granted.take_error();
    listener->granted_rcvbuf = *granted;
  } else if (options.forward) {
    // A relay reads only between its sends (upstream and back), so a
    // client's burst must wait in the buffer meanwhile: the OS default
    // (Linux: 208 KiB) drops most of one. Asked for without a word; the OS
    // grants up to its limit (Linux: net.core.rmem_max).
    (void)socket.set_receive_buffer(relay_receive_buffer);
  }
  if (auto bound = socket.bind(listener->local); !bound) {
    if (bound.error().kind == ErrorKind::address_in_use) {
      return Error{ErrorKind::address_in_use,
                   fmt::format("port {} is already in use on {}; stop the other program, pick "
                               "another port, or share it with --reuse (all listeners need it)",
                               options.port, net::address_text(listener->local))};
    }
    Error error = bound.take_error();
    if (error.kind == ErrorKind::permission_denied && options.port != 0 && options.port < 1024) {
      error.message += "; ports below 1024 need administrator rights, pick a higher one";
    }
    return error;
  }
  for (const auto& group : options.groups) {
    if (auto joined = socket.join(group); !joined) {
      if (joined.error().kind == ErrorKind::address_in_use) {
        // Two --join that differ as typed but meet on one interface.
        return usage_error(fmt::format(
            "--join {}: this listener is already a member of that group on that interface (a "
            "--join without @IFACE takes the default one); join each group once per interface",
            net::address_text(group.group)));
      }
      return joined.take_error();
    }
  }
  auto bound_to = socket.local_endpoint();
  if (!bound_to) return bound_to.take_error();
  listener->local = *bound_to;
  return listener;
}

std::size_t batch_wanted(const ListenOptions& options, std::uint64_t so_far) {
  if (!options.count) return net::batch_most;
  return static_cast<std::size_t>(
      std::min<std::uint64_t>(net::batch_most, *options.count - so_far));
}

void announce_listener(std::FILE* log, const ListenerSocket& listener,
                       const ListenOptions& options) {
  print_diagnostic(log, "dgram: listening on {}{}\n", endpoint_text(listener.local),
                   listener.dual_stack ? " (IPv4 and IPv6)" : "");
  warn_if_open_to_anyone(log, options, listener.local);
  for (const auto& group : options.groups) {
    print_diagnostic(log, "dgram: joined multicast group {}\n", net::address_text(group.group));
  }
  if (listener.granted_rcvbuf && *listener.granted_rcvbuf < *options.rcvbuf) {
    print_diagnostic(log,
                     "dgram: warning: --rcvbuf {} asked, the OS granted {} bytes (its limit; on "
                     "Linux raise net.core.rmem_max)\n",
                     *options.rcvbuf, *listener.granted_rcvbuf);
  } else if (listener.granted_rcvbuf && *listener.granted_rcvbuf > *options.rcvbuf) {
    print_diagnostic(log,
                     "dgram: warning: --rcvbuf {} asked, the OS granted {} bytes (its minimum)\n",
                     *options.rcvbuf, *listener.granted_rcvbuf);
  }
}

}  // namespace dgram
