#include "common/send/send.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "common/line_splitter.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/send/answers.hpp"
#include "common/send/hex_input.hpp"
#include "common/send/replay.hpp"
#include "common/send/send_report.hpp"
#include "common/send/sender.hpp"
#include "common/send/seq_framing.hpp"
#include "common/send/terminal_hint.hpp"
#include "common/system.hpp"

namespace dgram {
namespace {

// What an error in the input means for what already left.
std::string_view consequence(std::uint64_t datagrams_sent) {
  return datagrams_sent == 0 ? "nothing was sent" : "earlier lines were sent";
}

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
      const std::string where = unit.line == 0 ? "" : unit.name() + ": ";
      error.message = fmt::format("{}{} ({})", where, error.message, unit.consequence);
      return error;
    }
    decoded = std::move(parsed).value();
    bytes = decoded;
  }
  if (!options.chunk) {
    if (auto fits = check_datagram_fits(bytes.size(), options, unit.name(), unit.consequence);
        !fits) {
      return fits;
    }
  }
  for (const auto piece : split_into_chunks(bytes, payload_room(options))) {
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
  const std::string_view nothing_sent = consequence(0);
  if (!options.lines) return for_each_datagram(input, options, {0, nothing_sent}, decoded, emit);
  std::size_t line = 0;
  Status status;
  for_each_line(input, [&](std::string_view text) {
    status = for_each_datagram(text, options, {++line, nothing_sent}, decoded, emit);
    return status.ok();
  });
  return status;
}

// Every datagram is checked before the first one leaves; returns how many
// datagrams the input makes.
Result<std::uint64_t> check_whole_input(std::string_view input, const SendOptions& options) {
  std::uint64_t datagrams = 0;
  auto checked = for_each_datagram_of(input, options, [&](std::span<const std::byte>) {
    ++datagrams;
    return Status{};
  });
  if (!checked) return checked.take_error();
  return datagrams;
}

// The longest line that can be valid: longer ones fail at once, before they
// are read whole.
std::size_t longest_valid_line(const SendOptions& options) {
  if (options.chunk) return max_payload_read;
  // Hex takes at least two digits a byte; separators may double that.
  return options.hex ? 4 * options.max_size + 64 : options.max_size;
}

Error line_too_long(const SendOptions& options, std::size_t line, std::uint64_t datagrams_sent) {
  const std::size_t longest = longest_valid_line(options);
  if (options.chunk) {
    return usage_error(fmt::format(
        "line {} is over {} MiB, more than dgram reads as one line; split the input ({})", line,
        longest / (1024 * 1024), consequence(datagrams_sent)));
  }
  if (options.hex) {
    return usage_error(fmt::format(
        "line {} has over {} characters, more hex than --max-size {} byte{} can hold; raise "
        "--max-size or split it with --chunk ({})",
        line, longest, options.max_size, options.max_size == 1 ? "" : "s",
        consequence(datagrams_sent)));
  }
  return usage_error(fmt::format(
      "line {} is over {} byte{}, over the limit of --max-size {}; raise --max-size or split it "
      "with --chunk ({})",
      line, longest, longest == 1 ? "" : "s", options.max_size, consequence(datagrams_sent)));
}

// --lines from standard input: each line goes out as soon as it is complete,
// so `tail -f log | dgram send host 514 --lines` streams. With `talk`, the
// answers that come while the input is awaited are printed.
Status stream_lines(const SendOptions& options, Sender& sender, Answers* talk) {
  LineSplitter splitter(longest_valid_line(options));
  const TypedLineCheck typed = typed_line_check(options);
  std::vector<std::byte> decoded;
  std::size_t line = 0;
  Status status;
  auto send_line = [&](std::string_view text) {
    if (auto cut = typed.warning(text, line + 1)) print_diagnostic(stderr, "{}", *cut);
    status = for_each_datagram(
        text, options, {++line, consequence(sender.datagrams_sent())}, decoded,
        [&](std::span<const std::byte> datagram) { return sender.send(datagram); });
    return status.ok();
  };
  std::vector<std::byte> buffer(64 * 1024);
  while (true) {
    if (talk != nullptr) {
      if (auto answered = talk->until_input(); !answered) return answered;
    }
    auto got = sys::read_stdin_some(buffer);
    if (!got && got.error().kind == ErrorKind::interrupted) return got.take_error();
    if (!got) {
      return usage_error(fmt::format("cannot read standard input: {} ({})", got.error().message,
                                     consequence(sender.datagrams_sent())));
    }
    if (*got == 0) break;
    switch (splitter.feed(std::span(buffer).first(*got), send_line)) {
      case LineSplitter::Fed::more:
        break;
      case LineSplitter::Fed::stopped:
        return status;
      case LineSplitter::Fed::too_long:
        return line_too_long(options, line + 1, sender.datagrams_sent());
    }
  }
  if (auto last = splitter.rest()) send_line(*last);
  return status;
}

// The payload's datagrams, --count times, at full speed: in batches, so that
// a million datagrams take a few hundred system calls (Linux: sendmmsg, and
// UDP segmentation offload when the payload is one datagram). The first
// datagram goes alone: it decides which of HOST's addresses takes the rest.
Status blast(std::string_view input, const SendOptions& options, Sender& sender) {
  std::vector<std::byte> decoded;
  std::vector<std::span<const std::byte>> round;
  auto planned = for_each_datagram(input, options, {0, consequence(0)}, decoded,
                                   [&](std::span<const std::byte> datagram) {
                                     round.push_back(datagram);
                                     return Status{};
                                   });
  if (!planned) return planned;
  if (auto first = sender.send(round.front()); !first) return first;
  if (round.size() == 1 && !options.seq) {
    // One datagram again and again: the socket may hand the kernel many
    // copies per system call (Linux: UDP segmentation offload); not --seq's.
    for (std::uint64_t left = options.count - 1; left > 0;) {
      if (sys::interrupt_requested()) return interrupted_error();
      auto sent = sender.socket().send_copies(round.front(), left);
      if (!sent) return sender.explain(sent.take_error());
      left -= *sent;
      sender.report().sent(*sent, *sent * round.front().size());
    }
    return {};
  }
  constexpr std::size_t batch_size = 256;
  std::vector<std::span<const std::byte>> batch;
  batch.reserve(batch_size);
  auto flush = [&]() -> Status {
    if (sys::interrupt_requested()) return interrupted_error();
    std::size_t went_out = 0;
    const auto wire = sender.framed(batch);
    auto sent = sender.socket().send_batch(wire, went_out);
    // Those that went out count, also when a later one failed.
    std::uint64_t bytes = 0;
    for (const auto datagram : wire.first(went_out)) bytes += datagram.size();
    if (went_out > 0) sender.report().sent(went_out, bytes);
    batch.clear();
    return sent ? sent : Status(sender.explain(sent.take_error()));
  };
  for (std::uint64_t count = 0; count < options.count; ++count) {
    for (std::size_t i = count == 0 ? 1 : 0; i < round.size(); ++i) {
      batch.push_back(round[i]);
      if (batch.size() < batch_size) continue;
      if (auto sent = flush(); !sent) return sent;
    }
  }
  return batch.empty() ? Status{} : flush();
}

// A whole input one datagram at a time: paced, or not connected.
Status send_paced(std::string_view input, const SendOptions& options, Sender& sender) {
  for (std::uint64_t round = 0; options.endless() || round < options.count; ++round) {
    auto sent = for_each_datagram_of(
        input, options, [&](std::span<const std::byte> datagram) { return sender.send(datagram); });
    if (!sent) return sent;
  }
  return {};
}

}  // namespace

// Three ways to send, after everything that can be checked has been:
// - a stream: --lines from standard input, each line as it arrives;
// - a blast: a whole input --count times at full speed, in batches;
// - paced: a whole input with --interval / --rate, or to broadcast/multicast.
// Then, with --reply, the wait for an answer. --talk is a stream whose
// answers print as they come, after its MESSAGE, if any, went first.
Status run_send(const SendOptions& options) {
  if (options.replay) return run_replay(options);
  const bool streaming = streams_standard_input(options);
  hint_at_terminal_input(options);
  std::vector<std::byte> input;
  const bool whole = !options.payload.from_standard_input() || !streaming;
  if (whole) {
    auto read = read_payload(options.payload);
    if (!read) return read.take_error();
    input = std::move(read).value();
    if (options.payload.from_standard_input()) {
      warn_of_cut_lines({reinterpret_cast<const char*>(input.data()), input.size()}, options);
    }
  }
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  std::optional<std::uint64_t> planned;
  if (whole) {
    auto valid = check_whole_input(text, options);
    if (!valid) return valid.take_error();
    // --count times; a product too big to count (or a heartbeat) has none.
    if (!options.endless() && *valid <= std::numeric_limits<std::uint64_t>::max() / options.count)
      planned = *valid * options.count;
  }

  auto addresses = destination_addresses(options);
  if (!addresses) return addresses.take_error();
  SendReport report(options);
  // --talk's MESSAGE is followed by lines no one can count ahead.
  if (planned && !options.talk) report.plan(*planned);
  auto sender = Sender::open(options, std::move(addresses).value(), report);
  if (!sender) return sender.take_error();

  if (options.talk) {
    report.end_status();  // a person types; answers print as they come
    Answers answers(*sender, options);
    Status talked = whole ? send_paced(text, options, *sender) : Status{};
    if (talked) talked = stream_lines(options, *sender, &answers);
    if (talked) talked = answers.linger();
    return report.finish(std::move(talked), sender->destination());
  }
  Status sent;
  if (streaming) {
    sent = stream_lines(options, *sender, nullptr);
  } else if (sender->connected() && !options.lines && options.period.count() == 0) {
    sent = blast(text, options, *sender);
  } else {
    sent = send_paced(text, options, *sender);
  }
  if (sent && options.reply) {
    report.end_status();  // the reply prints where it was
    sent = Answers(*sender, options).await_reply();
  }
  return report.finish(std::move(sent), sender->destination());
}

}  // namespace dgram
