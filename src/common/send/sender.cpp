#include "common/send/sender.hpp"

#include <fmt/format.h>

#include "common/endpoint.hpp"
#include "common/limits.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/resolve_host.hpp"
#include "common/system.hpp"
#include "common/wait.hpp"

namespace dgram {
namespace {

using std::chrono::milliseconds;

// How long a remote address gets to refuse the first datagram before the
// next address is given up on: an ICMP answer takes a round trip. This host's
// own kernel answers during the send itself, so loopback needs no wait.
constexpr milliseconds remote_refusal_wait{50};

// A socket of the destination's family with the options applied and bound
// where -b/-p ask.
Result<net::UdpSocket> open_sending_socket(const SendOptions& options,
                                           const net::Endpoint& destination) {
  const SourceAddress& source = options.source;
  auto socket = net::UdpSocket::open(destination.family);
  if (!socket) return socket;
  if (unmap(destination).family == net::Family::ipv4 && destination.family == net::Family::ipv6) {
    // ::ffff:a.b.c.d reaches IPv4 only from a dual-stack socket (Windows'
    // IPv6 sockets are IPv6-only by default).
    if (auto set = socket->set_ipv6_only(false); !set) return set.take_error();
  }
  if (options.broadcast) {
    if (auto set = socket->set_broadcast(true); !set) return set.take_error();
  }
  if (options.ttl) {
    if (auto set = socket->set_hop_limit(*options.ttl); !set) return set.take_error();
  }
  if (is_multicast(destination)) {
    // Listeners on this very host hear the group too, as users expect.
    if (auto set = socket->set_multicast_loop(true); !set) return set.take_error();
  }
  if (source.address || source.port != 0) {
    net::Endpoint local = source.address.value_or(any_address(destination.family, 0));
    local.port = source.port;
    if (auto bound = socket->bind(local); !bound) {
      Error error = bound.take_error();
      if (error.kind == ErrorKind::address_in_use) {
        error.message =
            fmt::format("source port {} is already in use; pick another with -p", source.port);
      }
      return error;
    }
  }
  return socket;
}

}  // namespace

Result<std::vector<net::Endpoint>> destination_addresses(const SendOptions& options) {
  auto addresses =
      resolve_host_addresses(options.host, options.port, options.family, /*passive=*/false, "HOST");
  if (!addresses) return addresses;
  Status fits = check_max_size(options.max_size, addresses->front());
  std::erase_if(*addresses, [&](const net::Endpoint& address) {
    return !check_max_size(options.max_size, address);
  });
  if (addresses->empty()) return fits.take_error();
  return addresses;
}

Result<Sender> Sender::open(const SendOptions& options, std::vector<net::Endpoint> addresses,
                            SendReport& report) {
  if (const auto& local = options.source.address) {
    // Only addresses of --bind's family can be reached from it.
    std::erase_if(addresses, [&](const net::Endpoint& a) { return a.family != local->family; });
    if (addresses.empty()) {
      return usage_error(fmt::format("--bind {} and HOST {} are of different address families",
                                     net::address_text(*local), options.host));
    }
  }
  // Not connected for broadcast and multicast, whose answers come from
  // other addresses, nor for --all-replies, which hears every host.
  const bool connect =
      !options.broadcast && !is_multicast(addresses.front()) && !options.all_replies;
  const bool more_addresses = addresses.size() > 1;
  if (!connect) addresses.resize(1);
  Sender sender(options, std::move(addresses), connect, report);
  sender.left_out_addresses_ = !connect && more_addresses;
  if (auto opened = sender.open_socket(); !opened) return opened.take_error();
  return sender;
}

Status Sender::open_socket() {
  socket_.reset();  // first: a -p port is free again for the next socket
  auto socket = open_sending_socket(*options_, destination());
  if (!socket) return socket.take_error();
  socket_ = std::move(socket).value();
  if (connected_) {
    if (auto connected = socket_->connect(destination()); !connected) {
      return explain(connected.take_error());
    }
  } else if (auto ignored = socket_->ignore_icmp_errors(); !ignored) {
    // Answers come from any host, so one host's ICMP error must not end
    // the wait (Windows reports it on the next receive, even unconnected).
    return ignored;
  }
  return {};
}

Status Sender::send(std::span<const std::byte> datagram) {
  if (pacer_.paced()) {
    const auto now = Pacer::Clock::now();
    const auto due = pacer_.next_due(now);
    if (due > now && report_->pause_until(due)) return interrupted_error();
  }
  if (sys::interrupt_requested()) return interrupted_error();
  // Framed after the pause, so the header's time is when it leaves.
  const auto wire = options_->seq ? framer_.frame(datagram, next_sequence_) : datagram;
  const std::uint64_t before = report_->datagrams();
  auto sent = settled_ ? send_settled(wire) : settle(wire);
  // A sequence number is used up once its datagram left (a heartbeat's
  // refused send may not have).
  if (report_->datagrams() > before) ++next_sequence_;
  return sent;
}

Status Sender::transmit(std::span<const std::byte> datagram) {
  return connected_ ? socket_->send(datagram) : socket_->send_to(datagram, destination());
}

// A heartbeat outlives its listener, and the host it runs on: an ICMP
// refusal (it answers an earlier datagram) or a host or network found
// unreachable is counted, and this datagram goes again, once, since the
// error was taken with the failed send. Any other run ends at the first.
Status Sender::send_settled(std::span<const std::byte> datagram) {
  auto sent = transmit(datagram);
  if (!sent && options_->endless() && count_as_answer(sent.error().kind)) {
    sent = transmit(datagram);
    // Still failing: the condition holds, counted once; this one did not leave.
    if (!sent && is_icmp_error(sent.error().kind)) return {};
  }
  if (!sent) return explain(sent.take_error());
  report_->sent(1, datagram.size());
  // This host's kernel refuses during the send: counted at once, not at
  // the next datagram, which may be an --interval away.
  if (options_->endless() && connected_ && socket_->refused_by_peer()) report_->refused();
  return {};
}

bool Sender::count_as_answer(ErrorKind kind) {
  if (kind == ErrorKind::connection_refused) report_->refused();
  if (kind == ErrorKind::network_unreachable) report_->unreachable();
  return is_icmp_error(kind);
}

Status Sender::settle(std::span<const std::byte> datagram) {
  while (true) {
    auto sent = transmit(datagram);
    if (!sent && sent.error().kind != ErrorKind::connection_refused) {
      if (!options_->endless() || !count_as_answer(sent.error().kind)) {
        return explain(sent.take_error());
      }
      settled_ = true;  // a heartbeat waits for the host to come back
      return {};
    }
    // It left, whatever the address answers: the count says so.
    if (sent) report_->sent(1, datagram.size());
    if (sent && !(connected_ && refused())) {
      settled_ = true;
      return {};
    }
    report_->refused();
    if (current_ + 1 == addresses_.size()) {
      if (!options_->endless()) return Error{ErrorKind::connection_refused, nothing_listening()};
      // A heartbeat waits on the last address for a listener to come.
      settled_ = true;
      return {};
    }
    const net::Endpoint refused_at = destination();
    ++current_;
    print_diagnostic(stderr,
                     "dgram: nothing is listening on {}; sending to {}, {}'s next address\n",
                     endpoint_text(refused_at), endpoint_text(destination()), options_->host);
    if (auto opened = open_socket(); !opened) return opened;
  }
}

bool Sender::refused() {
  if (socket_->refused_by_peer()) return true;
  if (current_ + 1 == addresses_.size() || is_loopback(destination())) return false;
  // A later datagram would meet the refusal anyway; only here is there
  // another address to turn to, so it is worth a moment's wait.
  auto ready = net::wait_readable(*socket_, remote_refusal_wait);
  return ready && *ready == net::Readiness::readable && socket_->refused_by_peer();
}

std::span<const std::span<const std::byte>> Sender::framed(
    std::span<const std::span<const std::byte>> batch) {
  if (!options_->seq) return batch;
  const auto wire = framer_.frame_all(batch, next_sequence_);
  next_sequence_ += batch.size();
  return wire;
}

Error Sender::explain(Error error) {
  if (error.kind == ErrorKind::connection_refused) {
    report_->refused();
    error.message = nothing_listening();
  } else if (error.kind == ErrorKind::permission_denied) {
    // What the OS says (EACCES, WSAEACCES) to a broadcast without SO_BROADCAST.
    error.message =
        fmt::format("cannot send to {}: {}; if it is a broadcast address, add --broadcast",
                    endpoint_text(destination()), error.message);
  } else if (error.kind != ErrorKind::interrupted) {
    error.message =
        fmt::format("cannot send to {}: {}", endpoint_text(destination()), error.message);
  }
  return error;
}

std::string Sender::nothing_listening() const {
  return fmt::format("nothing is listening on {} (ICMP port unreachable)",
                     endpoint_text(destination()));
}

}  // namespace dgram
