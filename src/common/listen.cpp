#include "common/listen.hpp"

#include <vector>

#include <fmt/format.h>

#include "common/endpoint_text.hpp"
#include "common/parse.hpp"
#include "common/text_record.hpp"

namespace dgram {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

struct ListenStats {
  std::uint64_t datagrams = 0;
  std::uint64_t bytes = 0;
  std::uint64_t truncated = 0;
  std::uint64_t icmp_errors = 0;
  steady_clock::time_point start = steady_clock::now();
};

Result<net::Endpoint> bind_address_for(const ListenOptions& options) {
  if (options.bind_address) {
    auto resolved = net::resolve(strip_brackets(*options.bind_address), options.port,
                                 options.family, /*passive=*/true);
    if (!resolved) return resolved.take_error();
    return resolved->front();
  }
  const bool ipv4 = options.family == net::FamilyPreference::ipv4_only;
  return any_address(ipv4 ? net::Family::ipv4 : net::Family::ipv6, options.port);
}

void print_summary(std::FILE* log, const ListenStats& stats) {
  const double seconds = std::chrono::duration<double>(steady_clock::now() - stats.start).count();
  const double rate = seconds > 0 ? static_cast<double>(stats.datagrams) / seconds : 0.0;
  std::string line =
      fmt::format("dgram: received {} datagram{}, {} bytes in {:.3f} s ({:.1f}/s)", stats.datagrams,
                  stats.datagrams == 1 ? "" : "s", stats.bytes, seconds, rate);
  fmt::format_to(std::back_inserter(line), ", {} truncated", stats.truncated);
  if (stats.icmp_errors > 0) {
    fmt::format_to(std::back_inserter(line), ", {} ICMP errors ignored", stats.icmp_errors);
  }
  fmt::print(log, "{}\n", line);
}

}  // namespace

Result<net::UdpSocket> open_listener(const ListenOptions& options) {
  auto local = bind_address_for(options);
  if (!local) return local.take_error();
  const bool default_dual_stack =
      !options.bind_address && options.family == net::FamilyPreference::any;

  auto socket = net::UdpSocket::open(local->family);
  if (!socket && default_dual_stack) {
    *local = any_address(net::Family::ipv4, options.port);  // no IPv6 on this host
    socket = net::UdpSocket::open(net::Family::ipv4);
  }
  if (!socket) return socket.take_error();
  if (auto fits = check_max_size(options.max_size, socket->family()); !fits) {
    return fits.take_error();
  }
  if (socket->family() == net::Family::ipv6) {
    const bool ipv6_only = options.family == net::FamilyPreference::ipv6_only;
    if (auto set = socket->set_ipv6_only(ipv6_only); !set && !ipv6_only) return set.take_error();
  }
  if (auto ignored = socket->ignore_icmp_errors(); !ignored) return ignored.take_error();
  if (auto sharing = socket->set_port_sharing(options.reuse); !sharing) {
    return sharing.take_error();
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
                          options.family == net::FamilyPreference::any && !options.bind_address;
  fmt::print(log, "dgram: listening on {}{}\n", endpoint_text(*local),
             dual_stack ? " (IPv4 and IPv6)" : "");
  std::fflush(log);

  std::vector<std::byte> buffer(max_datagram_size);
  ListenStats stats;
  auto finish = [&](Status status) {
    out.flush();
    print_summary(log, stats);
    return status;
  };

  while (!options.count || stats.datagrams < *options.count) {
    // Records are written in batches while datagrams keep coming, and at once
    // when the socket goes idle, so a pipe reader sees each record promptly.
    auto ready = socket->wait_readable(milliseconds(0));
    if (ready && !*ready) {
      if (!out.flush()) return finish({});  // the reader went away
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
      if (received.error().kind == ErrorKind::connection_refused) {
        ++stats.icmp_errors;
        continue;
      }
      if (received.error().kind == ErrorKind::would_block) continue;
      return finish(received.take_error());
    }
    const net::Endpoint from = unmap_ipv4(received->from);
    const std::size_t shown = std::min(received->size, options.max_size);
    ++stats.datagrams;
    stats.bytes += received->size;
    if (shown < received->size) {
      ++stats.truncated;
      if (!options.quiet) {
        fmt::print(log,
                   "dgram: warning: datagram from {} is {} bytes, over --max-size {}; "
                   "showing the first {} (raise --max-size to see it whole)\n",
                   endpoint_text(from), received->size, options.max_size, shown);
      }
    }
    if (options.quiet) continue;
    append_text_record(out.buffer(), from, std::span(buffer).first(shown), received->size);
    if (!out.flush_if_full()) return finish({});
  }
  return finish({});
}

}  // namespace dgram
