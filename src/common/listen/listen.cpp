#include "common/listen/listen.hpp"

#include "common/listen/listener_socket.hpp"
#include "common/listen/relay.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/listen/listen_summary.hpp"
#include "common/listen/sender_policy.hpp"
#include "common/listen/talk_back.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/status_line.hpp"
#include "common/records/warning_limiter.hpp"
#include "common/resolve_host.hpp"
#include "common/system.hpp"

namespace dgram {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A failed write while the user pressed Ctrl+C is the interrupt's doing.
Error output_failure(Error error) {
  if (sys::interrupt_requested()) return {ErrorKind::interrupted, "interrupted"};
  return error;
}

}  // namespace

Status run_listen(const ListenOptions& options, Output& out, std::FILE* log) {
  if (options.forward) return run_relay(options, out, log);
  auto listener = open_listener(options);
  if (!listener) return listener.take_error();
  net::UdpSocket* const socket = &listener->socket;
  // Before the start line, which tells scripts and tests that datagrams may come.
  const bool drops_known = socket->enable_kernel_drop_count();
  socket->enable_coalesced_receive();  // many datagrams per read where the OS can
  announce_listener(log, *listener, options);
  const AllowList allow(options.allow);

  // Datagrams per receive_batch; what one read brought beyond it (UDP GRO:
  // dozens per message) comes with the next calls, without a system call.
  std::array<net::ReceivedDatagram, net::batch_most> batch;
  ListenStats stats;
  if (!options.allow.empty()) stats.rejected = 0;
  const bool needs_time = options.style.timestamps || options.style.format == OutputFormat::json;
  WarningLimiter oversize_warnings(log, "oversize datagrams");
  std::optional<TalkBack> talk;
  if (options.talk) talk.emplace(*socket, log);
  // Not while a person types lines for --talk (unless --progress).
  StatusLine status_line(log, options.progress, /*worth_it=*/!options.talk, stats.start);
  RecentRate recent_rate(stats.start);
  auto update_status = [&](steady_clock::time_point now) {
    if (drops_known) stats.kernel_drops = socket->kernel_drops();
    status_line.show(listen_status_text(stats, recent_rate.update(stats.datagrams, now), now), now);
  };
  auto finish = [&](Status status) {
    Status flushed = out.flush();
    if (drops_known) stats.kernel_drops = socket->kernel_drops();
    stats.not_written = out.not_written();
    status_line.finish();
    oversize_warnings.finish();
    if (talk) {
      talk->finish();
      stats.more_text = talk->summary();
    }
    if (status && !flushed) status = output_failure(flushed.take_error());
    print_listen_summary(log, stats, options.summary, status);
    return status;
  };

  // Counts, echoes and records one datagram.
  auto handle = [&](std::span<const std::byte> bytes, const net::Received& received,
                    WallClock::time_point time) -> Status {
    const net::Endpoint from = unmap_ipv4(received.from);
    if (!allow.accepts(from)) {
      ++*stats.rejected;  // never shown, never echoed
      return {};
    }
    const std::size_t shown = std::min(received.size, options.max_size);
    ++stats.datagrams;
    stats.bytes += received.size;
    if (talk) talk->heard(received.from);
    if (options.echo) {
      // The whole datagram goes back, whatever --max-size shows; a sender
      // that vanished (ICMP, unreachable) must not stop the listener.
      if (!may_echo_to(from, listener->local.port)) {
        ++stats.echoes_refused;
      } else if (!socket->send_to(bytes, received.from)) {
        ++stats.echo_failures;
      }
    }
    if (shown < received.size) {
      ++stats.truncated;
      if (!options.quiet && oversize_warnings.allow()) {
        print_diagnostic(log,
                         "dgram: warning: datagram from {} is {} bytes, over --max-size {}; "
                         "showing the first {} (raise --max-size to see it whole)\n",
                         endpoint_text(from), received.size, options.max_size, shown);
      }
    }
    if (options.quiet) return {};
    out.add(Record{from, bytes.first(std::min(shown, bytes.size())), received.size, time},
            options.style);
    return out.flush_if_due();
  };

  // -t counts from the last accepted datagram: rejected ones (--allow) must
  // not keep a listener alive.
  auto idle_deadline = [&] { return steady_clock::now() + *options.idle_timeout; };
  steady_clock::time_point deadline =
      options.idle_timeout ? idle_deadline() : steady_clock::time_point{};
  while (!options.count || stats.datagrams < *options.count) {
    // The status line is updated from this loop: once per batch in a flood,
    // and when idle, the wait below ends in time for it.
    if (status_line.active()) {
      if (const auto now = steady_clock::now(); status_line.due(now)) update_status(now);
    }
    // Records are written in batches while datagrams keep coming, and at once
    // when the socket goes idle, so a pipe reader sees each record promptly.
    using Readiness = net::UdpSocket::Readiness;
    auto ready = socket->wait_readable(milliseconds(0));
    bool woke_for_status = false;
    // --talk looks at the input between datagrams too, so typing is never
    // starved by a busy socket.
    if (ready && (*ready == Readiness::timed_out || talk)) {
      if (auto flushed = out.flush(); !flushed) return finish(output_failure(flushed.take_error()));
      std::optional<milliseconds> left;
      const auto now = steady_clock::now();
      if (options.idle_timeout) {
        left = std::max(std::chrono::ceil<milliseconds>(deadline - now), milliseconds(0));
      }
      if (status_line.active()) {
        const auto until_update = std::max(
            std::chrono::ceil<milliseconds>(status_line.next_update() - now), milliseconds(0));
        if (!left || until_update < *left) {
          left = until_update;
          woke_for_status = true;
        }
      }
      ready = talk ? talk->wait(left) : socket->wait_readable(left);
    }
    if (!ready) return finish(ready.take_error());
    // A wait cut short for the status line is no timeout, unless the
    // deadline passed meanwhile.
    const bool timed_out = *ready == Readiness::timed_out;
    if (timed_out && woke_for_status &&
        !(options.idle_timeout && steady_clock::now() >= deadline)) {
      continue;
    }
    // A flood of rejected datagrams keeps the socket readable: the deadline
    // is checked on its own too.
    if (timed_out || (options.idle_timeout && steady_clock::now() >= deadline)) {
      return finish(Error{ErrorKind::timed_out,
                          fmt::format("no datagram arrived within {} ms (--timeout)",
                                      options.idle_timeout.value_or(milliseconds(0)).count())});
    }
    auto received =
        socket->receive_batch(std::span(batch).first(batch_wanted(options, stats.datagrams)));
    if (!received) {
      // A listener must outlive its peers: an ICMP error left by an earlier
      // send is counted, never fatal.
      const ErrorKind kind = received.error().kind;
      if (is_icmp_error(kind)) {
        ++stats.icmp_errors;
        continue;
      }
      if (kind == ErrorKind::would_block) continue;
      return finish(received.take_error());
    }
    // One time for a batch, whose datagrams came in one read or moments
    // apart: a clock read per datagram cost a tenth of --format json's time.
    const WallClock::time_point time = needs_time ? WallClock::now() : WallClock::time_point{};
    const std::uint64_t accepted_before = stats.datagrams;
    for (std::size_t i = 0; i < *received; ++i) {
      if (auto handled = handle(batch[i].bytes, batch[i].received, time); !handled) {
        return finish(output_failure(handled.take_error()));
      }
    }
    if (options.idle_timeout && stats.datagrams != accepted_before) deadline = idle_deadline();
  }
  return finish({});
}

}  // namespace dgram
