// Starting a relay: its upstream, how many clients it may hold, and the
// receive session it runs in.
#include <utility>

#include "common/listen/listener_socket.hpp"
#include "common/listen/relay.hpp"
#include "common/listen/upstream.hpp"
#include "common/local_addresses.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/system.hpp"

namespace dgram {
namespace {

// Sockets a relay holds besides one per client: stdio, the listener, the
// interrupt pipe, the resolver's and the C library's own.
constexpr std::size_t other_open_files = 32;

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
  auto upstream = choose_upstream(forward, *listener, net::FamilyPreference::any);
  if (!upstream) return upstream.take_error();
  // For telling a loop through another relay; without the list, loopback
  // and the wildcard still count as this host.
  auto this_host = net::local_addresses();
  ReceiveSession session(
      options, *listener, out, log,
      SessionWords{"nothing was relayed", "; it is relayed whole", /*status_worth_it=*/true,
                   /*output_never_waits=*/true});
  print_diagnostic(log, "dgram: relaying to {}; clients expire after {} ms idle, at most {}\n",
                   endpoint_text(upstream->current()), forward.idle.count(), clients);
  Relay relay(std::move(upstream).value(),
              this_host ? std::move(this_host).value() : net::LocalAddresses{}, clients,
              forward.idle, session);
  ReceiveHandler* const handlers[] = {&relay};
  return session.run(handlers);
}

}  // namespace dgram
