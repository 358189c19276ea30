#include "common/listen/relay.hpp"

#include "common/endpoint.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/wait.hpp"

namespace dgram {
namespace {

// A client's own socket to the upstream: connected, so the OS drops what
// comes from anywhere else, on an ephemeral port (returned in `port`); an
// ICMP error one of its sends draws must not end the relay.
Result<net::UdpSocket> open_upstream(const net::Endpoint& upstream, std::uint16_t& port) {
  auto socket = net::UdpSocket::open(upstream.family);
  if (!socket) return socket.take_error();
  if (auto connected = socket->connect(upstream); !connected) return connected.take_error();
  if (auto ignored = socket->ignore_icmp_errors(); !ignored) return ignored.take_error();
  auto local = socket->local_endpoint();
  if (!local) return local.take_error();
  port = local->port;
  return socket;
}

}  // namespace

Relay::Relay(UpstreamChoice upstream, net::LocalAddresses this_host, std::size_t most_clients,
             std::chrono::milliseconds idle, ReceiveSession& session)
    : upstream_(std::move(upstream)),
      this_host_(std::move(this_host)),
      log_(session.log()),
      listener_(&session.listener()),
      clients_(most_clients, idle),
      budget_(session.options().forward->budget),
      relay_warnings_(session.log(), "relay failures"),
      upstream_warnings_(session.log(), "refusals by the upstream"),
      eviction_warnings_(session.log(), "client evictions") {
  counts_ = &session.stats().relay.emplace();
  counts_->upstream = upstream_.current();
}

void Relay::tick(Clock::time_point now) {
  turn_time_ = now;
  reopen_if_moved();
  counts_->expired += clients_.expire(now);
}

// Every client's socket is connected to the address that refused: each
// client gets a new one, to the next address, with its next datagram.
void Relay::reopen_if_moved() {
  if (!moved_) return;
  clients_.clear();
  moved_ = false;
}

void Relay::add_sockets(std::vector<net::UdpSocket*>& sockets) {
  for (std::size_t i = 0; i < clients_.size(); ++i) sockets.push_back(&clients_.at(i).upstream);
}

Status Relay::woke(const Woke& woke, ReceiveSession& session) {
  for (std::size_t i = 0; i < woke.refused.size(); ++i) refused_upstream();
  for (const std::size_t index : woke.own) {
    if (auto shown = from_upstream(clients_.at(index), session); !shown) return shown;
  }
  return {};
}

// A datagram from one of this relay's own upstream sockets has gone round a
// loop (through another relay, say): relaying it would go round for ever.
bool Relay::refuses(const net::Endpoint& from) {
  if (!clients_.has_local_port(from.port) || !is_local_address(from, this_host_)) return false;
  ++counts_->looped;
  if (relay_warnings_.allow()) {
    print_diagnostic(log_,
                     "dgram: warning: dropped a datagram from {}, one of this relay's own "
                     "upstream sockets: the upstream sends back here (a loop)\n",
                     endpoint_text(from));
  }
  return true;
}

Result<bool> Relay::accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                             ReceiveSession&) {
  if (too_big_for_upstream(datagram.received.size, from)) return false;
  // One time for the read: its datagrams came together.
  if (!read_time_) read_time_ = last_request_ = Clock::now();
  const auto now = *read_time_;
  ClientTable::Client* client = client_for(datagram, from, now);
  if (client != nullptr) {
    client->last_active = now;
    if (client->held.empty()) holding_.push_back(client);
    client->held.push_back(datagram.bytes);
  }
  return true;
}

Status Relay::received_all(ReceiveSession&) {
  send_upstream();
  read_time_.reset();
  return {};
}

// An IPv6 client may send more than an IPv4 upstream can take (65527
// against 65507 bytes): known before any send, so said once, in dgram's
// words, and counted once. The datagram is not shown either: its record
// would claim it was relayed.
bool Relay::too_big_for_upstream(std::size_t size, const net::Endpoint& from) {
  const net::Endpoint upstream = unmap(upstream_.current());
  const std::size_t most = max_payload(upstream.family);
  if (size <= most) return false;
  ++counts_->not_relayed;
  if (relay_warnings_.allow()) {
    print_diagnostic(log_,
                     "dgram: warning: datagram from {} is {} bytes, over the {} an {} datagram to "
                     "{} carries; not relayed (nor shown)\n",
                     endpoint_text(from), size, most,
                     upstream.family == net::Family::ipv4 ? "IPv4" : "IPv6",
                     endpoint_text(upstream));
  }
  return true;
}

ClientTable::Client* Relay::client_for(const net::ReceivedDatagram& datagram,
                                       const net::Endpoint& from, Clock::time_point now) {
  if (!moved_) {
    if (ClientTable::Client* known = clients_.find(datagram.received.from)) return known;
  }
  // What is held goes before the table changes: a client may give way, or all.
  send_upstream();
  reopen_if_moved();
  std::uint16_t port = 0;
  auto opened = open_upstream(upstream_.current(), port);
  if (!opened) {
    ++counts_->not_relayed;
    if (relay_warnings_.allow()) {
      print_diagnostic(log_, "dgram: warning: cannot relay for {}: {}\n", endpoint_text(from),
                       opened.error().message);
    }
    return nullptr;
  }
  std::optional<ClientTable::Client> evicted;
  ClientTable::Client& client =
      clients_.add(datagram.received.from, std::move(opened).value(), port, now, evicted);
  ++counts_->opened;
  if (evicted) {
    ++counts_->evicted;
    drain_evicted(*evicted);
    if (eviction_warnings_.allow()) {
      print_diagnostic(log_,
                       "dgram: warning: {} relay clients at once (--forward-clients): {} gave "
                       "way to {} (least recently active)\n",
                       clients_.size(), endpoint_text(unmap(evicted->address)),
                       endpoint_text(from));
    }
  }
  return &client;
}

// The upstream refused a datagram (ICMP port unreachable): said while the
// relay runs, not only in the summary.
void Relay::refused_upstream() {
  ++counts_->upstream_icmp;
  if (upstream_warnings_.allow()) {
    print_diagnostic(log_,
                     "dgram: warning: {} refused a relayed datagram (ICMP port unreachable): is "
                     "anything listening there?\n",
                     endpoint_text(upstream_.current()));
  }
  move_on_if_refused();
}

// `--forward localhost:P`: the host's next address, as `send` does, until
// an answer shows the current one is there.
void Relay::move_on_if_refused() {
  if (moved_) return;  // the sockets of the address given up on still report
  const net::Endpoint refused_at = upstream_.current();
  const auto next = upstream_.refused(refused_at);
  if (!next) return;
  moved_ = true;
  counts_->upstream = *next;
  print_diagnostic(log_, "dgram: nothing is listening on {}; relaying to {}, {}'s next address\n",
                   endpoint_text(refused_at), endpoint_text(*next), upstream_.host());
}

void Relay::finish(ListenStats&) {
  relay_warnings_.finish();
  upstream_warnings_.finish();
  eviction_warnings_.finish();
}

}  // namespace dgram
