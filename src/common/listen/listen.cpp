#include "common/listen/listen.hpp"

#include "common/listen/listener_socket.hpp"
#include "common/listen/relay.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/listen/sender_policy.hpp"
#include "common/listen/talk_back.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/warning_limiter.hpp"
#include "common/resolve_host.hpp"
#include "common/system.hpp"

namespace dgram {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

struct ListenStats {
  std::uint64_t datagrams = 0;
  std::uint64_t bytes = 0;
  std::uint64_t truncated = 0;
  std::uint64_t icmp_errors = 0;
  std::uint64_t echo_failures = 0;
  std::uint64_t echoes_refused = 0;
  std::uint64_t not_written = 0;                 // records lost to an interrupted or failed write
  std::optional<std::uint64_t> rejected;         // counted when --allow is given
  std::optional<net::KernelDrops> kernel_drops;  // known on Linux only
  std::string talk;                              // --talk's part
  steady_clock::time_point start = steady_clock::now();
};

void print_summary(std::FILE* log, const ListenStats& stats) {
  const double seconds = std::chrono::duration<double>(steady_clock::now() - stats.start).count();
  const double rate = seconds > 0 ? static_cast<double>(stats.datagrams) / seconds : 0.0;
  std::string line =
      fmt::format("dgram: received {} datagram{}, {} bytes in {:.3f} s ({:.1f}/s), {} truncated",
                  stats.datagrams, stats.datagrams == 1 ? "" : "s", stats.bytes, seconds, rate,
                  stats.truncated);
  if (stats.icmp_errors > 0) {
    fmt::format_to(std::back_inserter(line), ", {} ICMP errors ignored", stats.icmp_errors);
  }
  if (stats.echo_failures > 0) {
    fmt::format_to(std::back_inserter(line), ", {} echoes failed", stats.echo_failures);
  }
  if (stats.echoes_refused > 0) {
    fmt::format_to(std::back_inserter(line), ", {} echoes refused (loop risk)",
                   stats.echoes_refused);
  }
  if (stats.not_written > 0) {
    fmt::format_to(std::back_inserter(line), ", {} not written (output blocked or failed)",
                   stats.not_written);
  }
  if (stats.rejected) {
    fmt::format_to(std::back_inserter(line), ", {} rejected by --allow", *stats.rejected);
  }
  // Where the OS cannot tell, nothing is said rather than a made-up 0.
  if (stats.kernel_drops) {
    // With UDP GRO the kernel counts a dropped coalesced group once.
    fmt::format_to(std::back_inserter(line), ", {}{} dropped by the kernel{}",
                   stats.kernel_drops->at_least ? "at least " : "", stats.kernel_drops->count,
                   stats.kernel_drops->at_least ? " (it counts a coalesced group once)" : "");
  }
  line += stats.talk;
  print_diagnostic(log, "{}\n", line);
}

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
  const bool drops_known = socket->count_kernel_drops();
  socket->coalesce_receives();  // many datagrams per read where the OS can
  print_diagnostic(log, "dgram: listening on {}{}\n", endpoint_text(listener->local),
                   listener->dual_stack ? " (IPv4 and IPv6)" : "");
  for (const auto& group : options.groups) {
    print_diagnostic(log, "dgram: joined multicast group {}\n", net::address_text(group.group));
  }
  if (listener->granted_rcvbuf && *listener->granted_rcvbuf < *options.rcvbuf) {
    print_diagnostic(log,
                     "dgram: warning: --rcvbuf {} asked, the OS granted {} bytes (its limit; on "
                     "Linux raise net.core.rmem_max)\n",
                     *options.rcvbuf, *listener->granted_rcvbuf);
  } else if (listener->granted_rcvbuf && *listener->granted_rcvbuf > *options.rcvbuf) {
    print_diagnostic(log,
                     "dgram: warning: --rcvbuf {} asked, the OS granted {} bytes (its minimum)\n",
                     *options.rcvbuf, *listener->granted_rcvbuf);
  }
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
  auto finish = [&](Status status) {
    Status flushed = out.flush();
    if (drops_known) stats.kernel_drops = socket->kernel_drops();
    stats.not_written = out.not_written();
    oversize_warnings.finish();
    if (talk) {
      talk->finish();
      stats.talk = talk->summary();
    }
    print_summary(log, stats);
    if (status && !flushed) return Status(output_failure(flushed.take_error()));
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
    // Records are written in batches while datagrams keep coming, and at once
    // when the socket goes idle, so a pipe reader sees each record promptly.
    using Readiness = net::UdpSocket::Readiness;
    auto ready = socket->wait_readable(milliseconds(0));
    // --talk looks at the input between datagrams too, so typing is never
    // starved by a busy socket.
    if (ready && (*ready == Readiness::timed_out || talk)) {
      if (auto flushed = out.flush(); !flushed) return finish(output_failure(flushed.take_error()));
      std::optional<milliseconds> left;
      if (options.idle_timeout) {
        left = std::max(std::chrono::ceil<milliseconds>(deadline - steady_clock::now()),
                        milliseconds(0));
      }
      ready = talk ? talk->wait(left) : socket->wait_readable(left);
    }
    if (!ready) return finish(ready.take_error());
    // A flood of rejected datagrams keeps the socket readable: the deadline
    // is checked on its own too.
    if (*ready == Readiness::timed_out ||
        (options.idle_timeout && steady_clock::now() >= deadline)) {
      return finish(Error{ErrorKind::timed_out,
                          fmt::format("no datagram arrived within {} ms (--timeout)",
                                      options.idle_timeout.value_or(milliseconds(0)).count())});
    }
    // With --count, never take more than it still allows.
    const std::size_t wanted = options.count
                                   ? static_cast<std::size_t>(std::min<std::uint64_t>(
                                         net::batch_most, *options.count - stats.datagrams))
                                   : net::batch_most;
    auto received = socket->receive_batch(std::span(batch).first(wanted));
    if (!received) {
      // A listener must outlive its peers: an ICMP error left by an earlier
      // send is counted, never fatal.
      const ErrorKind kind = received.error().kind;
      if (kind == ErrorKind::connection_refused || kind == ErrorKind::network_unreachable) {
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
