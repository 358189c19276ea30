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

Error interrupted() { return {ErrorKind::interrupted, "interrupted"}; }

// The destination, a socket set up for it, and the pace to send at.
class Sender {
 public:
  Sender(net::UdpSocket socket, const net::Endpoint& destination, bool connected,
         std::chrono::nanoseconds period)
      : socket_(std::move(socket)),
        destination_(destination),
        connected_(connected),
        pacer_(period) {}

  Status send(std::span<const std::byte> datagram) {
    const auto now = Pacer::Clock::now();
    const auto due = pacer_.next_due(now);
    if (due > now && sys::pause_unless_interrupted(due - now)) return interrupted();
    if (sys::interrupt_requested()) return interrupted();
    auto sent = connected_ ? socket_.send(datagram) : socket_.send_to(datagram, destination_);
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
    } else if (error.kind != ErrorKind::interrupted) {
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
  bool connected() const { return connected_; }

 private:
  net::UdpSocket socket_;
  net::Endpoint destination_;
  bool connected_;
  Pacer pacer_;
};

// Which unit of input a datagram comes from, for errors: the whole payload
// or line N; and what an error there means for what was sent.
struct Unit {
  std::size_t line = 0;  // 0: the whole payload
  std::string_view consequence;

  std::string name() const { return line == 0 ? "payload" : fmt::format("line {}", line); }
};

// Calls `emit` with each datagram `text` (a unit) becomes: hex-decoded if
// asked, checked against --max-size or split by --chunk. `decoded` is
// scratch space reused across units.
template <class Emit>
Status for_each_datagram(std::string_view text, const SendOptions& options, const Unit& unit,
                         std::vector<std::byte>& decoded, Emit&& emit) {
  std::span<const std::byte> bytes = std::as_bytes(std::span(text.data(), text.size()));
  if (options.hex) {
    auto parsed = parse_hex(text);
    if (!parsed) {
      Error error = parsed.take_error();
      if (unit.line != 0) error.message = fmt::format("{}: {}", unit.name(), error.message);
      return error;
    }
    decoded = std::move(parsed).value();
    bytes = decoded;
  }
  if (!options.chunk) {
    if (auto fits =
            check_payload_fits(bytes.size(), options.max_size, unit.name(), unit.consequence);
        !fits) {
      return fits;
    }
  }
  for (const auto piece : split_into_chunks(bytes, options.max_size)) {
    if (auto emitted = emit(piece); !emitted) return emitted;
  }
  return {};
}

// The same over a whole input (MESSAGE, --file, a finite standard input):
// one unit, or every line with --lines. Nothing is copied, so checking the
// input first and sending it after costs no memory beyond the input.
template <class Emit>
Status for_each_datagram_of(std::string_view input, const SendOptions& options, Emit&& emit) {
  std::vector<std::byte> decoded;
  const std::string_view consequence = "nothing was sent";
  if (!options.lines) return for_each_datagram(input, options, {0, consequence}, decoded, emit);
  std::size_t line = 0;
  Status status;
  for_each_line(input, [&](std::string_view text) {
    status = for_each_datagram(text, options, {++line, consequence}, decoded, emit);
    return status.ok();
  });
  return status;
}

// The longest line that can be valid: longer ones fail at once, before they
// are read whole.
std::size_t longest_valid_line(const SendOptions& options) {
  if (options.chunk) return max_payload_read;
  // Hex takes at least two digits a byte; separators may double that.
  return options.hex ? 4 * options.max_size + 64 : options.max_size;
}

// --lines from standard input: each line goes out as soon as it is complete,
// so `tail -f log | dgram send host 514 --lines` streams.
Status stream_lines(const SendOptions& options, Sender& sender) {
  LineSplitter splitter(longest_valid_line(options));
  std::vector<std::byte> decoded;
  std::size_t line = 0;
  Status status;
  auto send_line = [&](std::string_view text) {
    status = for_each_datagram(
        text, options, {++line, "earlier lines were sent"}, decoded,
        [&](std::span<const std::byte> datagram) { return sender.send(datagram); });
    return status.ok();
  };
  std::vector<std::byte> buffer(64 * 1024);
  while (true) {
    auto got = sys::read_stdin_some(buffer);
    if (!got && got.error().kind == ErrorKind::interrupted) return got.take_error();
    if (!got) {
      return usage_error(fmt::format("cannot read standard input: {}", got.error().message));
    }
    if (*got == 0) break;
    switch (splitter.feed(std::span(buffer).first(*got), send_line)) {
      case LineSplitter::Fed::more:
        break;
      case LineSplitter::Fed::stopped:
        return status;
      case LineSplitter::Fed::too_long:
        return usage_error(fmt::format(
            "line {} is over {} bytes, over the limit; raise --max-size or split it with --chunk "
            "(earlier lines were sent)",
            line + 1, longest_valid_line(options)));
    }
  }
  if (auto last = splitter.rest()) send_line(*last);
  return status;
}

// The payload's datagrams, --count times, at full speed: in batches, so that
// a million datagrams take a few hundred system calls (Linux: sendmmsg, and
// UDP segmentation offload when the payload is one datagram).
Status blast(std::string_view text, const SendOptions& options, Sender& sender) {
  std::vector<std::byte> decoded;
  std::vector<std::span<const std::byte>> round;
  auto planned = for_each_datagram(text, options, {0, "nothing was sent"}, decoded,
                                   [&](std::span<const std::byte> datagram) {
                                     round.push_back(datagram);
                                     return Status{};
                                   });
  if (!planned) return planned;
  if (round.size() == 1) {
    // One datagram again and again: the socket may hand the kernel many
    // copies per system call (Linux: UDP segmentation offload).
    for (std::uint64_t left = options.count; left > 0;) {
      if (sys::interrupt_requested()) return interrupted();
      auto sent = sender.socket().send_copies(round.front(), left);
      if (!sent) return sender.explain(sent.take_error());
      left -= *sent;
    }
    return {};
  }
  constexpr std::size_t batch_size = 256;
  std::vector<std::span<const std::byte>> batch;
  batch.reserve(batch_size);
  auto flush = [&]() -> Status {
    if (sys::interrupt_requested()) return interrupted();
    auto sent = sender.socket().send_batch(batch);
    batch.clear();
    return sent ? sent : Status(sender.explain(sent.take_error()));
  };
  for (std::uint64_t count = 0; count < options.count; ++count) {
    for (const auto datagram : round) {
      batch.push_back(datagram);
      if (batch.size() < batch_size) continue;
      if (auto sent = flush(); !sent) return sent;
    }
  }
  return batch.empty() ? Status{} : flush();
}

Status await_reply(Sender& sender, const SendOptions& options) {
  const auto deadline = std::chrono::steady_clock::now() + options.reply_timeout;
  std::vector<std::byte> buffer(max_datagram_size);
  while (true) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto ready = sender.socket().wait_readable(std::max(left, std::chrono::milliseconds(0)));
    if (!ready) return ready.take_error();
    if (!*ready) {
      return Error{ErrorKind::timed_out,
                   fmt::format("no reply from {} within {} ms (--timeout)",
                               endpoint_text(sender.destination()), options.reply_timeout.count())};
    }
    auto received = sender.socket().receive_from(buffer);
    if (!received) {
      Error error = received.take_error();
      if (error.kind == ErrorKind::would_block) continue;
      if (error.kind == ErrorKind::connection_refused) error.message = sender.nothing_listening();
      return error;
    }
    // A connected socket may still hold a datagram that came from elsewhere
    // before connect(); only the destination answers.
    if (sender.connected() && unmap_ipv4(received->from) != unmap_ipv4(sender.destination())) {
      continue;
    }
    Record record;
    record.from = unmap_ipv4(received->from);
    record.size = received->size;
    record.shown = std::span(buffer).first(std::min(received->size, options.max_size));
    record.time = WallClock::now();
    if (record.shown.size() < record.size) {
      print_diagnostic(stderr,
                       "dgram: warning: reply from {} is {} bytes, over --max-size {}; showing "
                       "the first {}\n",
                       endpoint_text(record.from), record.size, options.max_size,
                       record.shown.size());
    }
    Output out(stdout);
    append_record(out.buffer(), record, options.reply_style);
    return out.flush();
  }
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
  const bool streaming = options.lines && options.payload.from_standard_input();
  std::vector<std::byte> input;
  if (!streaming) {
    auto read = read_payload(options.payload);
    if (!read) return read.take_error();
    input = std::move(read).value();
  }
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  if (!streaming) {
    // Every datagram is checked before the first one leaves.
    auto valid =
        for_each_datagram_of(text, options, [](std::span<const std::byte>) { return Status{}; });
    if (!valid) return valid;
  }

  auto destination =
      resolve_host(options.host, options.port, options.family, /*passive=*/false, "HOST");
  if (!destination) return destination.take_error();
  if (auto fits = check_max_size(options.max_size, *destination); !fits) return fits;

  auto socket = open_sending_socket(options, *destination);
  if (!socket) return socket.take_error();
  // Connected, so that an ICMP port unreachable for one datagram stops the
  // rest and a --reply comes only from the destination. Not for broadcast
  // and multicast, whose answers come from other addresses.
  const bool connect = !options.broadcast && !is_multicast(*destination);
  Sender sender(std::move(socket).value(), *destination, connect, options.period);
  if (connect) {
    if (auto connected = sender.socket().connect(*destination); !connected) {
      return sender.explain(connected.take_error());
    }
  }

  if (streaming) {
    if (auto streamed = stream_lines(options, sender); !streamed) return streamed;
  } else if (connect && !options.lines && options.period.count() == 0) {
    if (auto blasted = blast(text, options, sender); !blasted) return blasted;
  } else {
    for (std::uint64_t round = 0; round < options.count; ++round) {
      auto sent = for_each_datagram_of(text, options, [&](std::span<const std::byte> datagram) {
        return sender.send(datagram);
      });
      if (!sent) return sent;
    }
  }
  if (options.reply) return await_reply(sender, options);
  return {};
}

}  // namespace dgram
