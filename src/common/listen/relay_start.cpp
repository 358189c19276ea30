// Starting a relay: its upstream, how many clients it may hold, and the
// receive session it runs in.
#include <fmt/format.h>

#include "common/listen/listener_socket.hpp"
#include "common/listen/relay.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/resolve_host.hpp"
#include "common/system.hpp"

namespace dgram {
namespace {

// Sockets a relay holds besides one per client: stdio, the listener, the
// interrupt pipe, the resolver's and the C library's own.
constexpr std::size_t other_open_files = 32;

// Whether the upstream is this very listener: every datagram would come
// back to it as from a new client, for ever.
bool is_own_port(const net::Endpoint& upstream, const net::Endpoint& local) {
  return upstream.port == local.port && is_this_host(upstream, local);
}

// The upstream, resolved once at start (a relay keeps it), and refused
// when relaying to it could only loop. One call, so that a stricter check
// can take its place.
Result<net::Endpoint> resolve_relay_upstream(const ForwardOptions& forward,
                                             const net::Endpoint& local) {
  auto resolved = resolve_host(forward.host, forward.port, net::FamilyPreference::any,
                               /*passive=*/false, "--forward");
  if (!resolved) {
    Error error = resolved.take_error();
    error.message = fmt::format("--forward {}: {}", forward.host, error.message);
    return error;
  }
  if (is_own_port(*resolved, local)) {
    return usage_error(fmt::format(
        "--forward {} is this listener's own port: every datagram would loop; forward to "
        "another port",
        endpoint_text(*resolved)));
  }
  return resolved;
}

// --forward-clients, or fewer when the process may not open that many files.
std::size_t most_clients(std::size_t wanted, std::FILE* log) {
  const auto open_files = sys::allow_open_files(wanted + other_open_files);
  if (!open_files || *open_files >= wanted + other_open_files) return wanted;
  const std::size_t most = *open_files > 2 * other_open_files ? *open_files - other_open_files : 1;
  print_diagnostic(log,
                   "dgram: warning: this process may open only {} files; at most {} relay "
                   "client{} at once (raise it with ulimit -n)\n",
                   *open_files, most, most == 1 ? "" : "s");
  return most;
}

}  // namespace

Status run_relay(const ListenOptions& options, Output& out, std::FILE* log) {
  const ForwardOptions& forward = *options.forward;
  const std::size_t clients = most_clients(forward.clients, log);
  auto listener = open_listener(options);
  if (!listener) return listener.take_error();
  auto upstream = resolve_relay_upstream(forward, listener->local);
  if (!upstream) return upstream.take_error();
  ReceiveSession session(
      options, *listener, out, log,
      SessionWords{"nothing was relayed", "; it is relayed whole", /*status_worth_it=*/true,
                   /*output_never_waits=*/true});
  print_diagnostic(log, "dgram: relaying to {}; clients expire after {} ms idle, at most {}\n",
                   endpoint_text(*upstream), forward.idle.count(), clients);
  Relay relay(*upstream, clients, forward.idle, session);
  ReceiveHandler* const handlers[] = {&relay};
  return session.run(handlers);
}

}  // namespace dgram
