#include "common/listen/relay.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "common/limits.hpp"
#include "common/listen/client_table.hpp"
#include "common/listen/listen_summary.hpp"
#include "common/listen/listener_socket.hpp"
#include "common/listen/sender_policy.hpp"
#include "common/listen/upstream.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/status_line.hpp"
#include "common/records/warning_limiter.hpp"
#include "common/system.hpp"

namespace dgram {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Sockets a relay holds besides one per client: stdio, the listener, the
// interrupt pipe, the resolver's and the C library's own.
constexpr std::size_t other_open_files = 32;

// Listen's counts (of client datagrams: --count counts these; truncated
// counts records cut either way) and the relay's own.
struct RelayStats : ListenStats {
  std::uint64_t relayed = 0;
  std::uint64_t not_relayed = 0;  // the upstream socket could not be opened or send failed
  std::uint64_t answers = 0;
  std::uint64_t answer_bytes = 0;
  std::uint64_t answers_lost = 0;   // the listener could not send them back
  std::uint64_t upstream_icmp = 0;  // refusals read on upstream sockets
  std::uint64_t opened = 0;
  std::uint64_t expired = 0;
  std::uint64_t evicted = 0;
};

// Listen's summary (so that scripts read a relay alike), with the relay's
// counts: a second line of text, more fields of JSON.
void print_relay_summary(std::FILE* log, RelayStats& stats, const net::Endpoint& upstream,
                         SummaryFormat format, const Status& outcome) {
  std::string line = fmt::format(
      "\ndgram: relayed {} datagram{} to {}, {} answer{} back ({} bytes); clients: {} opened, {} "
      "expired, {} evicted",
      stats.relayed, stats.relayed == 1 ? "" : "s", endpoint_text(upstream), stats.answers,
      stats.answers == 1 ? "" : "s", stats.answer_bytes, stats.opened, stats.expired,
      stats.evicted);
  if (stats.not_relayed > 0) {
    fmt::format_to(std::back_inserter(line), ", {} not relayed (send failed)", stats.not_relayed);
  }
  if (stats.upstream_icmp > 0) {
    fmt::format_to(std::back_inserter(line), ", {} ICMP errors from the upstream",
                   stats.upstream_icmp);
  }
  if (stats.answers_lost > 0) {
    fmt::format_to(std::back_inserter(line), ", {} answers not delivered", stats.answers_lost);
  }
  stats.more_text = std::move(line);
  stats.more_counts = {{"relayed", stats.relayed},
                       {"not_relayed", stats.not_relayed},
                       {"answers", stats.answers},
                       {"answer_bytes", stats.answer_bytes},
                       {"answers_not_delivered", stats.answers_lost},
                       {"upstream_icmp_errors", stats.upstream_icmp},
                       {"clients_opened", stats.opened},
                       {"clients_expired", stats.expired},
                       {"clients_evicted", stats.evicted}};
  print_listen_summary(log, stats, format, outcome);
}

Error output_failure(Error error) {
  if (sys::interrupt_requested()) return {ErrorKind::interrupted, "interrupted"};
  return error;
}

// A client's own socket to the upstream: connected, so the OS drops what
// comes from anywhere else, on an ephemeral port; an ICMP error one of its
// sends draws must not end the relay.
Result<net::UdpSocket> open_upstream(const net::Endpoint& upstream) {
  auto socket = net::UdpSocket::open(upstream.family);
  if (!socket) return socket.take_error();
  if (auto connected = socket->connect(upstream); !connected) return connected.take_error();
  if (auto ignored = socket->ignore_icmp_errors(); !ignored) return ignored.take_error();
  return socket;
}

}  // namespace

Status run_relay(const ListenOptions& options, Output& out, std::FILE* log) {
  const ForwardOptions& forward = *options.forward;
  std::size_t most_clients = forward.clients;
  if (const auto open_files = sys::allow_open_files(most_clients + other_open_files);
      open_files && *open_files < most_clients + other_open_files) {
    most_clients = *open_files > 2 * other_open_files ? *open_files - other_open_files : 1;
    print_diagnostic(log,
                     "dgram: warning: this process may open only {} files; at most {} relay "
                     "clients at once (raise it with ulimit -n)\n",
                     *open_files, most_clients);
  }

  auto listener = open_listener(options);
  if (!listener) return listener.take_error();
  auto choice = choose_upstream(forward, *listener, net::FamilyPreference::any);
  if (!choice) return choice.take_error();
  const net::Endpoint upstream = choice->current();
  net::UdpSocket* const socket = &listener->socket;
  const bool drops_known = socket->count_kernel_drops();
  socket->coalesce_receives();
  print_diagnostic(log, "dgram: relaying to {}; clients expire after {} ms idle, at most {}\n",
                   endpoint_text(upstream), forward.idle.count(), most_clients);
  announce_listener(log, *listener, options);

  const AllowList allow(options.allow);
  ClientTable clients(most_clients, forward.idle);
  std::array<net::ReceivedDatagram, net::batch_most> batch;
  // Answers are read whole: the relay's limit is the protocol's.
  const auto answer_buffer = std::make_unique<std::byte[]>(max_datagram_size);
  const std::span<std::byte> answer_space(answer_buffer.get(), max_datagram_size);
  std::vector<net::UdpSocket*> sockets;
  std::vector<std::size_t> ready;
  RelayStats stats;
  if (!options.allow.empty()) stats.rejected = 0;
  const bool needs_time = options.style.timestamps || options.style.format == OutputFormat::json;
  WarningLimiter oversize_warnings(log, "oversize datagrams");
  WarningLimiter relay_warnings(log, "relay failures");
  // The status line of listen, counting client datagrams.
  StatusLine status_line(log, options.progress, /*worth_it=*/true, stats.start);
  RecentRate recent_rate(stats.start);
  auto finish = [&](Status status) {
    Status flushed = out.flush();
    if (drops_known) stats.kernel_drops = socket->kernel_drops();
    stats.not_written = out.not_written();
    status_line.finish();
    oversize_warnings.finish();
    relay_warnings.finish();
    if (status && !flushed) status = output_failure(flushed.take_error());
    print_relay_summary(log, stats, upstream, options.summary, status);
    return status;
  };

  // The record of a datagram passing either way; its sender tells the
  // direction (a client, or the upstream).
  auto show = [&](std::span<const std::byte> bytes, std::size_t size, const net::Endpoint& from,
                  WallClock::time_point time) -> Status {
    const std::size_t shown = std::min(size, options.max_size);
    if (shown < size) {
      ++stats.truncated;
      if (!options.quiet && oversize_warnings.allow()) {
        print_diagnostic(log,
                         "dgram: warning: datagram from {} is {} bytes, over --max-size {}; "
                         "showing the first {} (raise --max-size to see it whole; it is relayed "
                         "whole)\n",
                         endpoint_text(from), size, options.max_size, shown);
      }
    }
    if (options.quiet) return {};
    out.add(Record{from, bytes.first(std::min(shown, bytes.size())), size, time}, options.style);
    return out.flush_if_due();
  };

  auto from_client = [&](const net::ReceivedDatagram& datagram, steady_clock::time_point now,
                         WallClock::time_point time) -> Status {
    const net::Endpoint from = unmap_ipv4(datagram.received.from);
    if (!allow.accepts(from)) {
      ++*stats.rejected;  // never shown, never relayed
      return {};
    }
    ++stats.datagrams;
    stats.bytes += datagram.received.size;
    ClientTable::Client* client = clients.find(datagram.received.from);
    if (client == nullptr) {
      auto opened = open_upstream(upstream);
      if (!opened) {
        ++stats.not_relayed;
        if (relay_warnings.allow()) {
          print_diagnostic(log, "dgram: warning: cannot relay for {}: {}\n", endpoint_text(from),
                           opened.error().message);
        }
        return show(datagram.bytes, datagram.received.size, from, time);
      }
      bool evicted = false;
      client = &clients.add(datagram.received.from, std::move(opened).value(), now, evicted);
      ++stats.opened;
      if (evicted) ++stats.evicted;
    }
    client->last_active = now;
    auto sent = client->upstream.send(datagram.bytes);
    // On POSIX a refusal the upstream sent for an earlier datagram comes
    // with this send, which then did not go out: once more.
    if (!sent && is_icmp_error(sent.error().kind)) {
      ++stats.upstream_icmp;
      sent = client->upstream.send(datagram.bytes);
    }
    if (sent) {
      ++stats.relayed;
    } else {
      ++stats.not_relayed;
      if (relay_warnings.allow()) {
        print_diagnostic(log, "dgram: warning: cannot relay {} bytes from {} to {}: {}\n",
                         datagram.received.size, endpoint_text(from), endpoint_text(upstream),
                         sent.error().message);
      }
    }
    return show(datagram.bytes, datagram.received.size, from, time);
  };

  auto from_upstream = [&](ClientTable::Client& client, steady_clock::time_point now,
                           WallClock::time_point time) -> Status {
    auto got = client.upstream.receive_from(answer_space);
    if (!got) {
      // An ICMP error (the upstream's port closed) or anything else on one
      // client's path: counted, never the end of the relay.
      if (is_icmp_error(got.error().kind)) {
        ++stats.upstream_icmp;
      } else if (got.error().kind != ErrorKind::would_block) {
        ++stats.answers_lost;
      }
      return {};
    }
    const std::span<const std::byte> answer = answer_space.first(got->size);
    ++stats.answers;
    stats.answer_bytes += got->size;
    client.last_active = now;
    if (!socket->send_to(answer, client.address)) ++stats.answers_lost;
    return show(answer, got->size, unmap_ipv4(got->from), time);
  };

  auto idle_deadline = [&] { return steady_clock::now() + *options.idle_timeout; };
  steady_clock::time_point deadline =
      options.idle_timeout ? idle_deadline() : steady_clock::time_point{};
  auto timed_out = [&] {
    return finish(Error{ErrorKind::timed_out,
                        fmt::format("nothing was relayed within {} ms (--timeout)",
                                    options.idle_timeout.value_or(milliseconds(0)).count())});
  };
  while (!options.count || stats.datagrams < *options.count) {
    if (const auto now = steady_clock::now(); status_line.active() && status_line.due(now)) {
      if (drops_known) stats.kernel_drops = socket->kernel_drops();
      status_line.show(listen_status_text(stats, recent_rate.update(stats.datagrams, now), now),
                       now);
    }
    stats.expired += clients.expire(steady_clock::now());
    sockets.clear();
    sockets.push_back(socket);
    for (std::size_t i = 0; i < clients.size(); ++i) sockets.push_back(&clients.at(i).upstream);
    // Records go out in batches while datagrams keep coming, at once when
    // all is quiet.
    Status waited = net::UdpSocket::wait_any_readable(sockets, milliseconds(0), ready);
    if (waited && ready.empty()) {
      if (auto flushed = out.flush(); !flushed) return finish(output_failure(flushed.take_error()));
      std::optional<steady_clock::time_point> until = clients.next_expiry();
      if (options.idle_timeout) until = std::min(until.value_or(deadline), deadline);
      // A wake-up for the status line looks like a client's time being up:
      // nothing ready, the loop goes round.
      if (status_line.active()) {
        until = std::min(until.value_or(status_line.next_update()), status_line.next_update());
      }
      std::optional<milliseconds> left;
      if (until) {
        left = std::max(std::chrono::ceil<milliseconds>(*until - steady_clock::now()),
                        milliseconds(0));
      }
      waited = net::UdpSocket::wait_any_readable(sockets, left, ready);
    }
    if (!waited) return finish(waited.take_error());
    const auto now = steady_clock::now();
    if (options.idle_timeout && now >= deadline) return timed_out();
    if (ready.empty()) continue;  // a client's time is up
    const WallClock::time_point time = needs_time ? WallClock::now() : WallClock::time_point{};
    const std::uint64_t relayed_before = stats.relayed + stats.answers;
    // Answers first: the table (and so the indexes) change only with
    // datagrams from clients.
    for (const std::size_t index : ready) {
      if (index == 0) continue;
      if (auto shown = from_upstream(clients.at(index - 1), now, time); !shown) {
        return finish(output_failure(shown.take_error()));
      }
    }
    if (ready.front() == 0) {
      auto received =
          socket->receive_batch(std::span(batch).first(batch_wanted(options, stats.datagrams)));
      if (!received) {
        const ErrorKind kind = received.error().kind;
        if (is_icmp_error(kind)) {
          ++stats.icmp_errors;
        } else if (kind != ErrorKind::would_block) {
          return finish(received.take_error());
        }
      } else {
        for (std::size_t i = 0; i < *received; ++i) {
          if (auto handled = from_client(batch[i], now, time); !handled) {
            return finish(output_failure(handled.take_error()));
          }
        }
      }
    }
    if (options.idle_timeout && stats.relayed + stats.answers != relayed_before) {
      deadline = idle_deadline();
    }
  }
  return finish({});
}

}  // namespace dgram
