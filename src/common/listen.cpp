#include "common/listen.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "common/diagnostics.hpp"
#include "common/endpoint_text.hpp"
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
  steady_clock::time_point start = steady_clock::now();
};

bool is_wildcard(const net::Endpoint& endpoint) {
  return std::all_of(endpoint.address.begin(), endpoint.address.end(),
                     [](std::uint8_t byte) { return byte == 0; });
}

Result<net::Endpoint> bind_address_for(const ListenOptions& options) {
  if (!options.bind_address) {
    const bool ipv4 = options.family == net::FamilyPreference::ipv4_only;
    return any_address(ipv4 ? net::Family::ipv4 : net::Family::ipv6, options.port);
  }
  return resolve_host(*options.bind_address, options.port, options.family, /*passive=*/true,
                      "--bind");
}

// The socket for `local`, set up as the options ask, not yet bound.
Result<net::UdpSocket> open_unbound(const ListenOptions& options, const net::Endpoint& local) {
  auto socket = net::UdpSocket::open(local.family);
  if (!socket) return socket;
  if (local.family == net::Family::ipv6) {
    // -6 means IPv6 only; otherwise a wildcard IPv6 socket also hears IPv4.
    auto set = socket->set_ipv6_only(options.family == net::FamilyPreference::ipv6_only);
    if (!set) return set.take_error();
  }
  if (auto ignored = socket->ignore_icmp_errors(); !ignored) return ignored.take_error();
  if (auto sharing = socket->set_port_sharing(options.reuse); !sharing) {
    return sharing.take_error();
  }
  return socket;
}

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
  print_diagnostic(log, "{}\n", line);
}

// A failed write while the user pressed Ctrl+C is the interrupt's doing.
Error output_failure(Error error) {
  if (sys::interrupt_requested()) return {ErrorKind::interrupted, "interrupted"};
  return error;
}

}  // namespace

Result<net::UdpSocket> open_listener(const ListenOptions& options) {
  auto local = bind_address_for(options);
  if (!local) return local.take_error();
  const bool default_dual_stack =
      !options.bind_address && options.family == net::FamilyPreference::any;

  auto socket = open_unbound(options, *local);
  if (!socket && default_dual_stack) {
    // No IPv6 (or no dual-stack) on this host: IPv4 only, as promised.
    *local = any_address(net::Family::ipv4, options.port);
    socket = open_unbound(options, *local);
  }
  if (!socket) return socket.take_error();
  if (auto fits = check_max_size(options.max_size, socket->family()); !fits) {
    return fits.take_error();
  }
  if (auto bound = socket->bind(*local); !bound) {
    if (bound.error().kind == ErrorKind::address_in_use) {
      return Error{ErrorKind::address_in_use,
                   fmt::format("port {} is already in use on {}; stop the other program, pick "
                               "another port, or share it with --reuse (all listeners need it)",
                               options.port, net::address_text(*local))};
    }
    return bound.take_error();
  }
  return socket;
}

Status run_listen(const ListenOptions& options, Output& out, std::FILE* log) {
  auto socket = open_listener(options);
  if (!socket) return socket.take_error();
  auto local = socket->local_endpoint();
  if (!local) return local.take_error();
  const bool dual_stack = local->family == net::Family::ipv6 &&
                          options.family != net::FamilyPreference::ipv6_only && is_wildcard(*local);
  print_diagnostic(log, "dgram: listening on {}{}\n", endpoint_text(*local),
                   dual_stack ? " (IPv4 and IPv6)" : "");

  std::vector<std::byte> buffer(max_datagram_size);
  ListenStats stats;
  const bool needs_time = options.style.timestamps || options.style.format == OutputFormat::json;
  auto finish = [&](Status status) {
    Status flushed = out.flush();
    print_summary(log, stats);
    if (status && !flushed) return Status(output_failure(flushed.take_error()));
    return status;
  };

  while (!options.count || stats.datagrams < *options.count) {
    // Records are written in batches while datagrams keep coming, and at once
    // when the socket goes idle, so a pipe reader sees each record promptly.
    auto ready = socket->wait_readable(milliseconds(0));
    if (ready && !*ready) {
      if (auto flushed = out.flush(); !flushed) return finish(output_failure(flushed.take_error()));
      ready = socket->wait_readable(options.idle_timeout);
    }
    if (!ready) return finish(ready.take_error());
    if (!*ready) {
      return finish(Error{ErrorKind::timed_out,
                          fmt::format("no datagram arrived within {} ms (--timeout)",
                                      options.idle_timeout.value_or(milliseconds(0)).count())});
    }
    auto received = socket->receive_from(buffer);
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
    const WallClock::time_point time = needs_time ? WallClock::now() : WallClock::time_point{};
    const net::Endpoint from = unmap_ipv4(received->from);
    const std::size_t shown = std::min(received->size, options.max_size);
    ++stats.datagrams;
    stats.bytes += received->size;
    if (options.echo) {
      // The whole datagram goes back, whatever --max-size shows; a sender
      // that vanished (ICMP, unreachable) must not stop the listener.
      const auto whole = std::span(buffer).first(std::min(received->size, buffer.size()));
      if (!socket->send_to(whole, received->from)) ++stats.echo_failures;
    }
    if (shown < received->size) {
      ++stats.truncated;
      if (!options.quiet) {
        print_diagnostic(log,
                         "dgram: warning: datagram from {} is {} bytes, over --max-size {}; "
                         "showing the first {} (raise --max-size to see it whole)\n",
                         endpoint_text(from), received->size, options.max_size, shown);
      }
    }
    if (options.quiet) continue;
    append_record(out.buffer(), Record{from, std::span(buffer).first(shown), received->size, time},
                  options.style);
    if (auto flushed = out.flush_if_full(); !flushed) {
      return finish(output_failure(flushed.take_error()));
    }
  }
  return finish({});
}

}  // namespace dgram
