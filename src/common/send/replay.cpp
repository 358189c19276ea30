#include "common/send/replay.hpp"

#include <chrono>

#include <fmt/format.h>

#include "common/endpoint.hpp"
#include "common/limits.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/send/answers.hpp"
#include "common/send/replay_capture.hpp"
#include "common/send/send_report.hpp"
#include "common/send/sender.hpp"
#include "common/send/seq_framing.hpp"
#include "common/system.hpp"

namespace dgram {
namespace {

using Clock = std::chrono::steady_clock;

std::string file_name(const ReplayOptions& replay) {
  return replay.file == "-" ? std::string("standard input") : fmt::format("'{}'", replay.file);
}

Result<Capture> load(const ReplayOptions& replay) {
  const std::string name = file_name(replay);
  const auto path = replay.file == "-" ? std::nullopt : std::optional(replay.file);
  auto bytes = sys::read_input(path, max_capture_read);
  if (!bytes && bytes.error().kind == ErrorKind::interrupted) return bytes.take_error();
  if (!bytes) {
    return usage_error(
        fmt::format("cannot read --replay {}: {}; give the path of a capture file "
                    "(nothing was sent)",
                    name, bytes.error().message));
  }
  if (bytes->size() > max_capture_read) {
    return usage_error(fmt::format(
        "--replay {} is over {} MiB, more than dgram replays in one go; split it with 'editcap "
        "-c' (nothing was sent)",
        name, max_capture_read / (1024 * 1024)));
  }
  return read_capture(*bytes, name);
}

bool from_sender(const CapturedDatagram& datagram, const SourceAddress& from) {
  if (from.address && !same_address(datagram.from, *from.address)) return false;
  return from.port == 0 || datagram.from.port == from.port;
}

// Keeps only --replay-from's datagrams; the rest are counted as skipped.
void keep_sender(Capture& capture, const std::optional<SourceAddress>& from) {
  if (!from) return;
  const std::size_t before = capture.datagrams.size();
  std::erase_if(capture.datagrams,
                [&](const CapturedDatagram& datagram) { return !from_sender(datagram, *from); });
  capture.skipped.other_senders = before - capture.datagrams.size();
}

std::string skipped_text(const SkippedPackets& skipped) {
  return fmt::format("{} not UDP, {} IP fragments, {} truncated, {} from other senders",
                     skipped.not_udp, skipped.fragments, skipped.truncated, skipped.other_senders);
}

// Every datagram against --max-size (or split by --chunk): how many leave
// in one round.
Result<std::uint64_t> check_sizes(const Capture& capture, const SendOptions& options) {
  std::uint64_t datagrams = 0;
  std::uint64_t index = 0;
  for (const CapturedDatagram& datagram : capture.datagrams) {
    ++index;
    if (options.chunk) {
      datagrams += split_into_chunks(capture.payload(datagram), payload_room(options)).size();
      continue;
    }
    const std::string what = fmt::format("datagram {} of --replay {} (from {})", index,
                                         file_name(*options.replay), endpoint_text(datagram.from));
    if (auto fits = check_datagram_fits(datagram.size, options, what, "nothing was sent"); !fits) {
      return fits.take_error();
    }
    ++datagrams;
  }
  return datagrams;
}

// The capture's datagrams, each at its time after the first one's divided
// by --speed, counted from when the round started: due times come from the
// start, so a late wake-up is not carried into the next datagram. A round
// starts when the one before has sent its last datagram.
Status replay_rounds(const Capture& capture, const SendOptions& options, Sender& sender) {
  const ReplayOptions& replay = *options.replay;
  const std::chrono::nanoseconds first = capture.datagrams.front().time;
  for (std::uint64_t round = 0; round < replay.loops; ++round) {
    const Clock::time_point start = Clock::now();
    for (const CapturedDatagram& datagram : capture.datagrams) {
      if (replay.speed > 0) {
        const std::chrono::duration<double, std::nano> after(
            static_cast<double>((datagram.time - first).count()) / replay.speed);
        const auto due = start + std::chrono::duration_cast<Clock::duration>(after);
        if (due > Clock::now() && sender.report().pause_until(due)) return interrupted_error();
      }
      const auto payload = capture.payload(datagram);
      if (!options.chunk) {
        if (auto sent = sender.send(payload); !sent) return sent;
        continue;
      }
      for (const auto piece : split_into_chunks(payload, payload_room(options))) {
        if (auto sent = sender.send(piece); !sent) return sent;
      }
    }
  }
  return {};
}

}  // namespace

Status run_replay(const SendOptions& options) {
  const ReplayOptions& replay = *options.replay;
  auto capture = load(replay);
  if (!capture) return capture.take_error();
  keep_sender(*capture, replay.from);
  if (capture->datagrams.empty()) {
    return usage_error(fmt::format(
        "--replay {} holds no UDP datagram to replay{} (skipped: {}); check the file{} (nothing "
        "was sent)",
        file_name(replay), replay.from ? " from --replay-from's sender" : "",
        skipped_text(capture->skipped), replay.from ? " and --replay-from" : ""));
  }
  auto per_round = check_sizes(*capture, options);
  if (!per_round) return per_round.take_error();
  auto addresses = destination_addresses(options);
  if (!addresses) return addresses.take_error();
  SendReport report(options);
  report.plan(*per_round * replay.loops);
  report.skipped(capture->skipped);
  auto sender = Sender::open(options, std::move(addresses).value(), report);
  if (!sender) return sender.take_error();
  Status sent = replay_rounds(*capture, options, *sender);
  if (sent && options.reply) {
    report.end_status();  // the reply prints where it was
    sent = Answers(*sender, options).await_reply();
  }
  return report.finish(std::move(sent), sender->destination());
}

}  // namespace dgram
