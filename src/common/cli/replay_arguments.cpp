#include "common/cli/replay_arguments.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>
#include "common/cli/cli11.hpp"

#include "common/address_syntax.hpp"
#include "common/cli/option_rules.hpp"
#include "common/cli/send_command.hpp"
#include "common/parse.hpp"

namespace dgram {

void add_replay_options(CLI::App* send, ReplayArguments& r) {
  send->add_option("--replay", r.file,
                   with_rules("send", "--replay",
                              "send the UDP payloads of a capture again with their original "
                              "spacing: a pcap or pcapng file (any tool's) or 'dgram listen -f "
                              "json' records; '-': standard input"))
      ->type_name("FILE");
  send->add_option("--replay-from", r.from,
                   "with --replay: only the datagrams of SENDER, an address, a port or both: "
                   "192.0.2.5, :4000, 192.0.2.5:4000, [2001:db8::5]:4000")
      ->type_name("SENDER");
  send->add_option("--speed", r.speed,
                   "with --replay: play FACTOR times as fast (2: twice, 0.5: half); 0 or max: "
                   "as fast as possible, without the spacing")
      ->type_name("FACTOR");
  send->add_option("--loop", r.loop, "with --replay: play the whole capture N times")
      ->type_name("N");
}

namespace {

// The payload options a replay cannot take, and why.
std::optional<Error> replay_conflict(const SendArguments& raw) {
  auto refuse = [](std::string_view option, std::string_view why) {
    return usage_error(fmt::format("{} cannot be used with --replay: {}", option, why));
  };
  const char* payload = raw.message ? "MESSAGE"
                        : raw.file  ? "--file"
                        : raw.hex   ? "--hex"
                        : raw.lines ? "--lines"
                                    : nullptr;
  if (payload != nullptr) {
    return refuse(payload,
                  fmt::format("the payloads come from the capture; leave out {}", payload));
  }
  if (raw.count) return refuse("--count", "to send the capture again, use --loop N");
  if (raw.interval || raw.rate) {
    return refuse(raw.interval ? "--interval" : "--rate",
                  "the capture's own spacing paces it; change it with --speed");
  }
  if (raw.talk) return refuse("--talk", "a replay sends a capture, not typed lines");
  return std::nullopt;
}

Result<SourceAddress> parse_replay_from(std::string_view text) {
  auto bad = [&] {
    return usage_error(
        fmt::format("invalid --replay-from '{}': use a sender's IPv4 or IPv6 address, port or both "
                    "(192.0.2.5, 192.0.2.5:4000, [2001:db8::5]:4000, :4000)",
                    text));
  };
  const AddressAndPort split = split_address_port(text);
  if (split.unbalanced) return bad();
  SourceAddress from;
  if (!split.address.empty()) {
    from.address = net::parse_address(std::string(split.address));
    if (!from.address) return bad();
  }
  if (split.port) {
    auto number = parse_port(*split.port, /*allow_zero=*/false);
    if (!number) return bad();
    from.port = *number;
  }
  if (!from.address && from.port == 0) return bad();
  return from;
}

// "2", "0.5", "10"; "0" or "max": no spacing at all.
Result<double> parse_speed(std::string_view text) {
  if (text == "max") return 0.0;
  // What std::from_chars takes (digits, a point, an exponent), read by
  // strtod: from_chars for double is the one part of dgram that needs libm,
  // which every run would load. dgram keeps the C locale, so '.' it is.
  const bool plain = !text.empty() && text.front() != '+' &&
                     text.find_first_not_of("0123456789.eE+-") == std::string_view::npos;
  const std::string copy(plain ? text : std::string_view());
  char* end = nullptr;
  const double speed = plain ? std::strtod(copy.c_str(), &end) : -1;
  if (!plain || end != copy.c_str() + copy.size() || !std::isfinite(speed) || speed < 0 ||
      speed > 1e6) {
    return usage_error(fmt::format(
        "invalid --speed '{}': use a factor such as 2 (twice as fast) or 0.5 (half as fast), "
        "up to 1000000, or max (as fast as possible)",
        text));
  }
  return speed;
}

}  // namespace

Result<std::optional<ReplayOptions>> make_replay_options(const SendArguments& raw) {
  const ReplayArguments& r = raw.replay;
  if (!r.file) {
    const char* option = r.from    ? "--replay-from"
                         : r.speed ? "--speed"
                         : r.loop  ? "--loop"
                                   : nullptr;
    if (option == nullptr) return std::optional<ReplayOptions>();
    return usage_error(fmt::format("{} only works with --replay; add --replay FILE or leave out {}",
                                   option, option));
  }
  if (auto conflict = replay_conflict(raw)) return *conflict;
  if (r.file->empty()) {
    return usage_error(
        "--replay is empty; give the path of a capture file, or '-' for "
        "standard input");
  }
  ReplayOptions replay;
  replay.file = *r.file;
  if (r.from) {
    auto from = parse_replay_from(*r.from);
    if (!from) return from.take_error();
    replay.from = *from;
  }
  if (r.speed) {
    auto speed = parse_speed(*r.speed);
    if (!speed) return speed.take_error();
    replay.speed = *speed;
  }
  if (r.loop) {
    auto loops = parse_positive(*r.loop, "--loop");
    if (!loops) return loops.take_error();
    replay.loops = *loops;
  }
  return std::optional(replay);
}

}  // namespace dgram
