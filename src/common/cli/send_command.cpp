#include "common/cli/send_command.hpp"

#include <optional>
#include <string_view>

#include <fmt/format.h>
#include "common/cli/cli11.hpp"

#include "common/address_syntax.hpp"
#include "common/cli/option_rules.hpp"
#include "common/cli/option_values.hpp"
#include "common/parse.hpp"
#include "common/send/send.hpp"
#include "common/send/seq_framing.hpp"
#include "common/send/source_address.hpp"

namespace dgram {

void add_send_options(CLI::App* send, SendArguments& s) {
  send->add_option("HOST", s.host, "name, IPv4 or IPv6 address (::1 or [::1])")
      ->type_name("")
      ->required();
  send->add_option("PORT", s.port, with_rules("send", "PORT", "UDP port {range}"))
      ->type_name("")
      ->required();
  auto* message = send->add_option("MESSAGE", s.message,
                                   with_rules("send", "MESSAGE",
                                              "the payload; omitted or '-': read standard input"))
                      ->type_name("");
  send->add_option("--file", s.file, with_rules("send", "--file", "read the payload from a file"))
      ->type_name("PATH")
      ->excludes(message);
  add_replay_options(send, s.replay);
  send->add_option("-m,--max-size", s.max_size,
                   with_rules("send", "--max-size",
                              "size limit in bytes, {range} (at most 65507 over IPv4; default "
                              "1024); a bigger payload is refused"))
      ->type_name("BYTES");
  send->add_flag("--chunk", s.chunk,
                 "split a payload bigger than --max-size into datagrams of at most that size");
  auto* send4 = send->add_flag("-4", s.ipv4, with_rules("send", "-4", "resolve HOST to IPv4 only"));
  send->add_flag("-6", s.ipv6, with_rules("send", "-6", "resolve HOST to IPv6 only"))
      ->excludes(send4);
  send->add_flag("-x,--hex", s.hex,
                 with_rules("send", "--hex",
                            "the payload is hex: 48 65 6c 6c 6f, 48656c6c6f or 48:65:6c (spaces, "
                            "tabs, line breaks and colons between bytes are ignored)"));
  send->add_flag("--lines", s.lines,
                 with_rules("send", "--lines",
                            "every input line is its own datagram (LF or CRLF, not sent); "
                            "standard input is sent line by line as it arrives"));
  send->add_option("-n,--count", s.count,
                   with_rules("send", "--count",
                              "send the payload N times; 0: no end, a heartbeat until stopped, "
                              "which needs --interval or --rate and counts ICMP refusals "
                              "instead of ending at one"))
      ->type_name("N");
  send->add_flag("--seq", s.seq,
                 "put a 20-byte header in front of each payload: magic dgS1, sequence number "
                 "from 0, send time (for listen --stats); it counts toward --max-size");
  auto* interval = send->add_option("-i,--interval", s.interval,
                                    with_rules("send", "--interval",
                                               "pause between datagrams: 500ms, 1s, 0.25ms"))
                       ->type_name("DURATION");
  send->add_option("--rate", s.rate, with_rules("send", "--rate", "datagrams per second, {range}"))
      ->type_name("PPS")
      ->excludes(interval);
  send->add_flag("--broadcast", s.broadcast, "allow a broadcast destination (SO_BROADCAST)");
  send->add_option("--ttl", s.ttl,
                   with_rules("send", "--ttl", "unicast and multicast TTL / hop limit, {range}"))
      ->type_name("N");
  send->add_option("-b,--bind", s.bind,
                   "local address to send from: 192.0.2.5, 192.0.2.5:4000, [2001:db8::5]:4000, "
                   ":4000")
      ->type_name("ADDR[:PORT]");
  send->add_option("-p,--source-port", s.source_port,
                   with_rules("send", "--source-port", "local port to send from, {range}"))
      ->type_name("PORT");
  send->add_flag(
      "-r,--reply", s.reply,
      with_rules("send", "--reply", "after sending, wait for one reply and print it like listen"));
  send->add_flag("--all-replies", s.all_replies,
                 with_rules("send", "--all-replies",
                            "wait the whole --timeout and print every answer from any host "
                            "(broadcast or multicast discovery; implies --reply); exit 3 if none "
                            "came"));
  send->add_flag("--talk", s.talk,
                 with_rules("send", "--talk",
                            "both ways at once: each line of standard input is sent as it ends, "
                            "every datagram from the peer is printed as it comes; at the end of "
                            "input it waits --timeout for late answers. Implied when standard "
                            "input is a terminal and no MESSAGE or --file is given"));
  // Checked by make_send_options: each works with --reply, --all-replies or
  // --talk.
  send->add_option("-t,--timeout", s.timeout,
                   "with --reply: how long it waits (default 2s, whole milliseconds); exit 3 "
                   "after; with --talk: how long it waits for late answers after the input")
      ->type_name("DURATION");
  send->add_option("-f,--format", s.format,
                   "with --reply or --talk: format of the printed replies: text, hex, json, raw")
      ->type_name("FORMAT");
  send->add_flag("--timestamps", s.timestamps,
                 "with --reply or --talk: prefix the printed replies (text or hex) with their "
                 "ISO-8601 UTC arrival time");
  add_report_options(send, s.report, "send");
}

namespace {

constexpr std::uint64_t max_rate = range_of("send", "--rate").max;
constexpr ValueRange ttl_range = range_of("send", "--ttl");

// What --talk cannot be combined with, and why: a conversation sends each
// line once, as it ends, and prints every answer already.
std::optional<Error> talk_conflict(const SendArguments& raw) {
  auto refuse = [](std::string_view option, std::string_view why) {
    return usage_error(fmt::format("{} cannot be used with --talk: {}", option, why));
  };
  if (raw.file) {
    return refuse("--file",
                  "--talk sends the lines of standard input; give a first datagram as MESSAGE");
  }
  if (raw.count) return refuse("--count", "each typed line is sent once; leave out --count");
  if (raw.interval || raw.rate) {
    return refuse(raw.interval ? "--interval" : "--rate",
                  "each line leaves as it ends; to pace lines from a file or pipe use --lines");
  }
  if (raw.reply || raw.all_replies) {
    return refuse(raw.reply ? "--reply" : "--all-replies",
                  "--talk prints every answer as it comes; leave it out");
  }
  return std::nullopt;
}

// --timeout, --format and --timestamps are about printed answers.
std::optional<Error> needs_answers(const SendArguments& raw, bool answers) {
  if (answers) return std::nullopt;
  const char* option = raw.timeout            ? "--timeout"
                       : raw.timestamps       ? "--timestamps"
                       : raw.format != "text" ? "--format"
                                              : nullptr;
  if (option == nullptr) return std::nullopt;
  return usage_error(fmt::format(
      "{} only works with --reply, --all-replies or --talk; add --reply or leave out {}", option,
      option));
}

// -n 0 sends until stopped: "0" (or "00"), else a positive count.
Result<std::uint64_t> parse_count(std::string_view text) {
  if (!text.empty() && text.find_first_not_of('0') == std::string_view::npos) return 0;
  auto count = parse_positive(text, "--count");
  if (!count) {
    return usage_error(fmt::format(
        "invalid value '{}' for --count: use a positive whole number, or 0 for no end", text));
  }
  return count;
}

// A heartbeat (-n 0) needs a pace, and has no last datagram to await a
// reply to.
std::optional<Error> heartbeat_conflict(const SendOptions& options) {
  if (!options.endless()) return std::nullopt;
  if (options.period.count() == 0) {
    return usage_error(
        "--count 0 (-n 0) sends until stopped, so it needs a pace: add --interval (-i 5s) or "
        "--rate");
  }
  if (options.reply) {
    return usage_error(fmt::format(
        "{} waits after the last datagram, and -n 0 has none; leave out {} or give -n a count",
        options.all_replies ? "--all-replies" : "--reply",
        options.all_replies ? "--all-replies" : "--reply"));
  }
  return std::nullopt;
}

Result<SendOptions> make_send_options(const SendArguments& raw) {
  SendOptions options;
  if (auto host = check_host_argument(raw.host); !host) return host.take_error();
  options.host = raw.host;
  auto port = parse_port(raw.port, /*allow_zero=*/false);
  if (!port) return port.take_error();
  options.port = *port;
  options.payload = {raw.message, raw.file};
  options.family = family_preference(raw.ipv4, raw.ipv6);
  auto max_size = parse_max_size(raw.max_size);
  if (!max_size) return max_size.take_error();
  options.max_size = *max_size;
  options.chunk = raw.chunk;
  options.hex = raw.hex;
  options.lines = raw.lines;
  options.seq = raw.seq;
  auto replay = make_replay_options(raw);
  if (!replay) return replay.take_error();
  options.replay = std::move(replay).value();
  if (auto room = check_seq_room(options); !room) return room.take_error();
  if (raw.talk) {
    if (auto conflict = talk_conflict(raw)) return *conflict;
  }
  // What nc users expect: typed at a terminal, send talks. Options that only
  // make sense for one message read the input whole instead.
  options.talk = raw.talk || (options.payload.from_standard_input() && sys::is_terminal(stdin) &&
                              !talk_conflict(raw) && !options.replay);
  options.reply = raw.reply || raw.all_replies;
  options.all_replies = raw.all_replies;
  if (auto unused = needs_answers(raw, options.reply || options.talk)) return *unused;
  if (raw.count) {
    auto count = parse_count(*raw.count);
    if (!count) return count.take_error();
    if (streams_standard_input(options) && *count != 1) {
      return usage_error(
          "--count cannot repeat --lines read from standard input, a stream; give the lines "
          "with --file or MESSAGE");
    }
    options.count = *count;
  }
  if (raw.interval) {
    auto interval = parse_duration(*raw.interval, "--interval");
    if (!interval) return interval.take_error();
    options.period = *interval;
  }
  if (raw.rate) {
    auto rate = parse_positive(*raw.rate, "--rate");
    if (!rate) return rate.take_error();
    if (*rate > max_rate) {
      return usage_error(fmt::format(
          "--rate {} is over {} datagrams per second; leave --rate out to send at full speed",
          *rate, max_rate));
    }
    options.period = std::chrono::nanoseconds(1'000'000'000 / *rate);
  }
  if (raw.timeout) {
    auto timeout = parse_timeout(*raw.timeout, "--timeout");
    if (!timeout) return timeout.take_error();
    options.reply_timeout = *timeout;
  }
  auto style = parse_record_style(raw.format, raw.timestamps);
  if (!style) return style.take_error();
  options.reply_style = *style;
  options.broadcast = raw.broadcast;
  if (raw.ttl) {
    auto ttl = parse_positive(*raw.ttl, "--ttl");
    if (!ttl || *ttl > ttl_range.max) {
      return usage_error(fmt::format("invalid --ttl '{}': use a hop count from {} to {}", *raw.ttl,
                                     ttl_range.min, ttl_range.max));
    }
    options.ttl = static_cast<int>(*ttl);
  }
  if (raw.bind) {
    auto local = parse_local_address(*raw.bind);
    if (!local) return local.take_error();
    options.source = *local;
  }
  if (raw.source_port) {
    auto source_port = parse_port(*raw.source_port, /*allow_zero=*/false);
    if (!source_port) {
      return Error{ErrorKind::usage, "--source-port: " + source_port.error().message};
    }
    if (options.source.port) {
      return usage_error(
          "--source-port and a port in --bind ADDR:PORT say the same twice; give one");
    }
    options.source.port = *source_port;
  }
  if (auto heartbeat = heartbeat_conflict(options)) return *heartbeat;
  auto report = make_report_options(raw.report);
  if (!report) return report.take_error();
  options.summary = report->summary;
  options.progress = report->progress;
  return options;
}

}  // namespace

Status run_send_command(const SendArguments& arguments, const sys::StandardStreams& streams) {
  auto options = make_send_options(arguments);
  if (!options) return pointing_to_help(options.take_error(), "send");
  if (!streams.input && options->replay && options->replay->file == "-") {
    return usage_error(
        "standard input is closed, so --replay - has no capture to read; give the capture's "
        "path (nothing was sent)");
  }
  if (!streams.input && options->payload.from_standard_input() && !options->replay) {
    // --talk refuses --file: its advice is a MESSAGE without --talk.
    return usage_error(options->talk
                           ? "standard input is closed, so --talk has no lines to send; give it a "
                             "terminal or a pipe, or send MESSAGE without --talk (nothing was sent)"
                           : "standard input is closed, so there is no payload; give MESSAGE or "
                             "--file (nothing was sent)");
  }
  if (!streams.output && (options->reply || options->talk)) {
    return usage_error(fmt::format(
        "standard output is closed, so the {} would be lost; redirect it (> FILE) or leave out "
        "{} (nothing was sent)",
        options->talk ? "answers" : "reply", options->talk ? "--talk" : "--reply"));
  }
  return run_send(*options);
}

}  // namespace dgram
