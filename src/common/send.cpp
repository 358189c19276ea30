#include "common/send.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <fmt/format.h>

#include "common/diagnostics.hpp"
#include "common/endpoint_text.hpp"
#include "common/hex_input.hpp"
#include "common/line_splitter.hpp"
#include "common/multicast_group.hpp"
#include "common/output.hpp"
#include "common/pacer.hpp"
#include "common/resolve_host.hpp"
#include "common/system.hpp"

namespace dgram {
namespace {

using Datagram = std::vector<std::byte>;

// The destination, a socket connected to it, and the pace to send at.
class Sender {
 public:
  Sender(net::UdpSocket socket, const net::Endpoint& destination, std::chrono::nanoseconds period)
      : socket_(std::move(socket)), destination_(destination), pacer_(period) {}

  Status send(std::span<const std::byte> datagram) {
    pacer_.wait_turn();
    auto sent = socket_.send(datagram);
    if (sent) return sent;
    return explain(sent.take_error());
  }

  // A send or connect error in the user's terms.
  Error explain(Error error) const {
    if (error.kind == ErrorKind::connection_refused) {
      error.message = nothing_listening();
    } else if (error.kind == ErrorKind::permission_denied) {
      // What the OS says (EACCES, WSAEACCES) to a broadcast without SO_BROADCAST.
      error.message =
          fmt::format("cannot send to {}: {}; if it is a broadcast address, add --broadcast",
                      endpoint_text(destination_), error.message);
    } else {
      error.message =
          fmt::format("cannot send to {}: {}", endpoint_text(destination_), error.message);
    }
    return error;
  }

  std::string nothing_listening() const {
    return fmt::format("nothing is listening on {} (ICMP port unreachable)",
                       endpoint_text(destination_));
  }

  net::UdpSocket& socket() { return socket_; }
  const net::Endpoint& destination() const { return destination_; }

 private:
  net::UdpSocket socket_;
  net::Endpoint destination_;
  Pacer pacer_;
};

// One unit of input (the whole payload, or one line) as the datagrams to
// send: hex-decoded if asked, checked against --max-size or split by --chunk.
// `where` names the unit in errors ("payload", "line 3").
Status append_datagrams(std::string_view unit, const SendOptions& options, std::string_view where,
                        std::string_view consequence, std::vector<Datagram>& datagrams) {
  Datagram bytes;
  if (options.hex) {
    auto decoded = parse_hex(unit);
    if (!decoded) {
      Error error = decoded.take_error();
      if (where != "payload") error.message = fmt::format("{}: {}", where, error.message);
      return error;
    }
    bytes = std::move(decoded).value();
  } else {
    const auto* data = reinterpret_cast<const std::byte*>(unit.data());
    bytes.assign(data, data + unit.size());
  }
  if (!options.chunk) {
    if (auto fits = check_payload_fits(bytes.size(), options.max_size, where, consequence); !fits) {
      return fits;
    }
  }
  for (const auto piece : split_into_chunks(bytes, options.max_size)) {
    datagrams.emplace_back(piece.begin(), piece.end());
  }
  return {};
}

// Everything to send, from MESSAGE, --file or a finite standard input.
Result<std::vector<Datagram>> read_all_datagrams(const SendOptions& options) {
  auto input = read_payload(options.payload);
  if (!input) return input.take_error();
  const std::string_view text(reinterpret_cast<const char*>(input->data()), input->size());
  std::vector<Datagram> datagrams;
  if (!options.lines) {
    if (auto added = append_datagrams(text, options, "payload", "nothing was sent", datagrams);
        !added) {
      return added.take_error();
    }
    return datagrams;
  }
  LineSplitter splitter;
  std::size_t line_number = 0;
  Status failed;
  auto add_line = [&](std::string_view line) {
    ++line_number;
    failed = append_datagrams(line, options, fmt::format("line {}", line_number),
                              "nothing was sent", datagrams);
    return failed.ok();
  };
  splitter.feed(*input, add_line);
  if (failed) {
    if (auto last = splitter.rest()) add_line(*last);
  }
  if (!failed) return failed.take_error();
  return datagrams;
}

// --lines from standard input: each line goes out as soon as it is complete,
// so `tail -f log | dgram send host 514 --lines` streams.
Status stream_lines(const SendOptions& options, Sender& sender) {
  LineSplitter splitter;
  std::size_t line_number = 0;
  Status status;
  auto send_line = [&](std::string_view line) {
    ++line_number;
    std::vector<Datagram> datagrams;
    status = append_datagrams(line, options, fmt::format("line {}", line_number),
                              "earlier lines were sent", datagrams);
    for (const Datagram& datagram : datagrams) {
      if (!status) break;
      status = sender.send(datagram);
    }
    return status.ok();
  };
  std::vector<std::byte> buffer(64 * 1024);
  while (true) {
    auto got = sys::read_stdin_some(buffer);
    if (!got) {
      return usage_error(fmt::format("cannot read standard input: {}", got.error().message));
    }
    if (*got == 0) break;
    if (!splitter.feed(std::span(buffer).first(*got), send_line)) return status;
  }
  if (auto last = splitter.rest()) send_line(*last);
  return status;
}

Status await_reply(Sender& sender, const SendOptions& options) {
  auto ready = sender.socket().wait_readable(options.reply_timeout);
  if (!ready) return ready.take_error();
  if (!*ready) {
    return Error{ErrorKind::timed_out,
                 fmt::format("no reply from {} within {} ms (--timeout)",
                             endpoint_text(sender.destination()), options.reply_timeout.count())};
  }
  std::vector<std::byte> buffer(max_datagram_size);
  auto received = sender.socket().receive_from(buffer);
  if (!received) {
    Error error = received.take_error();
    if (error.kind == ErrorKind::connection_refused) error.message = sender.nothing_listening();
    return error;
  }
  Record record;
  record.from = unmap_ipv4(received->from);
  record.size = received->size;
  record.shown = std::span(buffer).first(std::min(received->size, options.max_size));
  record.time = WallClock::now();
  if (record.shown.size() < record.size) {
    print_diagnostic(stderr,
                     "dgram: warning: reply from {} is {} bytes, over --max-size {}; showing the "
                     "first {}\n",
                     endpoint_text(record.from), record.size, options.max_size,
                     record.shown.size());
  }
  Output out(stdout);
  append_record(out.buffer(), record, options.reply_style);
  return out.flush();
}

// A socket of the destination's family with the options applied and bound
// where -b/-p ask.
Result<net::UdpSocket> open_sending_socket(const SendOptions& options,
                                           const net::Endpoint& destination) {
  const SourceAddress& source = options.source;
  if (source.address && source.address->family != destination.family) {
    return usage_error(fmt::format("--bind {} and HOST {} are of different address families",
                                   net::address_text(*source.address),
                                   net::address_text(destination)));
  }
  auto socket = net::UdpSocket::open(destination.family);
  if (!socket) return socket;
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

Status run_send(const SendOptions& options) {
  const bool streaming = options.lines && !options.payload.file &&
                         (!options.payload.message || *options.payload.message == "-");
  std::vector<Datagram> datagrams;
  if (!streaming) {
    auto all = read_all_datagrams(options);
    if (!all) return all.take_error();
    datagrams = std::move(all).value();
  }

  auto destination =
      resolve_host(options.host, options.port, options.family, /*passive=*/false, "HOST");
  if (!destination) return destination.take_error();
  if (auto fits = check_max_size(options.max_size, destination->family); !fits) return fits;

  auto socket = open_sending_socket(options, *destination);
  if (!socket) return socket.take_error();
  Sender sender(std::move(socket).value(), *destination, options.period);
  // Connected, so that an ICMP port unreachable for one datagram stops the
  // rest and a --reply comes only from the destination.
  if (auto connected = sender.socket().connect(*destination); !connected) {
    return sender.explain(connected.take_error());
  }

  if (streaming) {
    if (auto streamed = stream_lines(options, sender); !streamed) return streamed;
  } else {
    for (std::uint64_t round = 0; round < options.count; ++round) {
      for (const Datagram& datagram : datagrams) {
        if (auto sent = sender.send(datagram); !sent) return sent;
      }
    }
  }
  if (options.reply) return await_reply(sender, options);
  return {};
}

}  // namespace dgram
