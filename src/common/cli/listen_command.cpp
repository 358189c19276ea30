#include "common/cli/listen_command.hpp"

#include <cstdio>

#include <fmt/format.h>
#include "common/cli/cli11.hpp"

#include "common/address_syntax.hpp"
#include "common/cli/option_rules.hpp"
#include "common/cli/option_values.hpp"
#include "common/listen/listen.hpp"
#include "common/listen/sender_policy.hpp"
#include "common/multicast_group.hpp"
#include "common/parse.hpp"

namespace dgram {
namespace {

void add_forward_options(CLI::App* listen, ListenArguments& l) {
  listen
      ->add_option("--forward", l.forward,
                   with_rules("listen", "--forward",
                              "relay every accepted datagram whole to HOST:PORT and its answers "
                              "back to the client that caused them, each client through a socket "
                              "of its own"))
      ->type_name("HOST:PORT");
  listen
      ->add_option("--forward-idle", l.forward_idle,
                   "with --forward: a client idle this long gets a fresh upstream socket "
                   "(default 60s)")
      ->type_name("DURATION");
  listen
      ->add_option("--forward-clients", l.forward_clients,
                   with_rules("listen", "--forward-clients",
                              "with --forward: clients relayed at once, {range} (default 1024); "
                              "the least recently active one gives way"))
      ->type_name("N");
  listen
      ->add_option("--forward-budget", l.forward_budget,
                   with_rules("listen", "--forward-budget",
                              "with --forward: bytes a second each client address may get back "
                              "beyond what it sent, {range} (default 32768; a burst of 65536 or "
                              "a second's worth); more is held back and counted; off: no bound"))
      ->type_name("BYTES|off");
}

// --forward-budget: a number of bytes a second, or off.
Result<std::optional<std::uint64_t>> parse_forward_budget(const std::string& text) {
  if (text == "off") return std::optional<std::uint64_t>();
  constexpr ValueRange range = range_of("listen", "--forward-budget");
  auto rate = text == "0" ? Result<std::uint64_t>(0) : parse_positive(text, "--forward-budget");
  if (!rate || *rate > range.max) {
    return usage_error(
        fmt::format("invalid value '{}' for --forward-budget: give {} to {} bytes "
                    "a second, or off",
                    text, range.min, range.max));
  }
  return std::optional<std::uint64_t>(*rate);
}

// --forward and the options that shape it.
Result<std::optional<ForwardOptions>> make_forward_options(const ListenArguments& raw) {
  if (!raw.forward) {
    for (const auto& [given, name] :
         {std::pair{raw.forward_idle.has_value(), "--forward-idle"},
          std::pair{raw.forward_clients.has_value(), "--forward-clients"},
          std::pair{raw.forward_budget.has_value(), "--forward-budget"}}) {
      if (given) {
        return usage_error(fmt::format(
            "{} only works with --forward; add --forward HOST:PORT or leave out {}", name, name));
      }
    }
    return std::optional<ForwardOptions>();
  }
  if (raw.echo) {
    return usage_error(
        "--echo and --forward cannot be used together: a relay's answers come from HOST:PORT; "
        "leave out one of them");
  }
  if (raw.talk) {
    return usage_error(
        "--talk and --forward cannot be used together: a relay's clients are answered by "
        "HOST:PORT; leave out one of them");
  }
  auto forward = parse_forward_target(*raw.forward);
  if (!forward) return forward.take_error();
  if (raw.forward_idle) {
    auto idle = parse_timeout(*raw.forward_idle, "--forward-idle");
    if (!idle) return idle.take_error();
    forward->idle = *idle;
  }
  if (raw.forward_clients) {
    const std::string& text = *raw.forward_clients;
    constexpr ValueRange range = range_of("listen", "--forward-clients");
    auto clients = parse_positive(text, "--forward-clients");
    if (!clients || *clients > range.max) {
      // Digits too many for any integer are over the range too.
      const bool too_many = text.find_first_not_of("0123456789") == std::string::npos &&
                            text.find_first_not_of('0') != std::string::npos;
      return usage_error(
          too_many ? fmt::format("--forward-clients {} is over {}; give {} to {}", text, range.max,
                                 range.min, range.max)
                   : fmt::format("invalid value '{}' for --forward-clients: give {} to {}", text,
                                 range.min, range.max));
    }
    forward->clients = static_cast<std::size_t>(*clients);
  }
  if (raw.forward_budget) {
    auto budget = parse_forward_budget(*raw.forward_budget);
    if (!budget) return budget.take_error();
    forward->budget = *budget;
  }
  return std::optional<ForwardOptions>(std::move(forward).value());
}

}  // namespace

void add_listen_options(CLI::App* listen, ListenArguments& l) {
  listen
      ->add_option("PORT", l.port,
                   with_rules("listen", "PORT", "UDP port {range} (0: any free port)"))
      ->type_name("")
      ->required();
  listen
      ->add_option("-b,--bind", l.bind,
                   "local address, without a port: the port is PORT (default: [::] for IPv4 and "
                   "IPv6)")
      ->type_name("ADDR");
  auto* listen4 = listen->add_flag("-4", l.ipv4, with_rules("listen", "-4", "IPv4 only"));
  listen->add_flag("-6", l.ipv6, with_rules("listen", "-6", "IPv6 only"))->excludes(listen4);
  listen
      ->add_option("-m,--max-size", l.max_size,
                   with_rules("listen", "--max-size",
                              "size limit in bytes, {range} (at most 65507 over IPv4; default "
                              "1024); bigger "
                              "datagrams are shown cut and marked truncated with their true "
                              "size"))
      ->type_name("BYTES");
  listen->add_option("-n,--count", l.count, "exit 0 after N datagrams")->type_name("N");
  listen
      ->add_option("-t,--timeout", l.timeout,
                   "exit 3 when no accepted datagram arrives for DURATION (500ms, 2s, 1m; "
                   "whole milliseconds)")
      ->type_name("DURATION");
  listen->add_flag("-q,--quiet", l.quiet,
                   "no per-datagram output and no oversize warnings, only the summary");
  listen->add_option("-f,--format", l.format, format_option_help)->type_name("FORMAT");
  listen->add_flag("--timestamps", l.timestamps,
                   "prefix each text or hex record with its ISO-8601 UTC arrival time");
  listen->add_flag(
      "--echo", l.echo,
      with_rules("listen", "--echo", "send every datagram back to its sender (a UDP echo server)"));
  listen->add_flag("--talk", l.talk,
                   with_rules("listen", "--talk",
                              "send each line typed on standard input to the sender heard most "
                              "recently (a line before anyone spoke is refused, not kept); at the "
                              "end of input it goes on listening"));
  listen
      ->add_option("--join", l.joins,
                   "join a multicast group, optionally on one interface: 239.1.2.3, "
                   "ff02::123@eth0, 239.1.2.3@192.0.2.10 (repeatable)")
      ->type_name("GROUP[@IFACE]")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  listen
      ->add_option("--allow", l.allows,
                   "accept datagrams only from these senders, e.g. 192.0.2.0/24, ::1 "
                   "(repeatable); others are counted and dropped")
      ->type_name("ADDR[/PREFIX]")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  listen
      ->add_option(
          "--rcvbuf", l.rcvbuf,
          with_rules("listen", "--rcvbuf", "socket receive buffer in bytes, {range} (SO_RCVBUF)"))
      ->type_name("BYTES");
  listen
      ->add_option("--pcap", l.pcap,
                   "also write every accepted datagram to a pcap file for Wireshark, with its "
                   "sender, destination and arrival time; - writes it to stdout instead of the "
                   "records")
      ->type_name("PATH");
  listen->add_flag("--reuse", l.reuse,
                   "share the port with other listeners that also use --reuse (SO_REUSEADDR); "
                   "by default the port is exclusive (SO_EXCLUSIVEADDRUSE on Windows)");
  add_forward_options(listen, l);
  add_exec_options(listen, l.exec);
  add_heartbeat_options(listen, l.heartbeat);
  add_report_options(listen, l.report, "listen");
}

namespace {

// A bigger receive buffer is surely a typo; it would also overflow an int.
constexpr std::uint64_t max_rcvbuf = range_of("listen", "--rcvbuf").max;

Result<ListenOptions> make_listen_options(const ListenArguments& raw) {
  ListenOptions options;
  auto port = parse_port(raw.port, /*allow_zero=*/true);
  if (!port) return port.take_error();
  options.port = *port;
  if (raw.bind) {
    auto bind = parse_listen_bind(*raw.bind, raw.port);
    if (!bind) return bind.take_error();
    options.bind_address = *bind;
  }
  options.family = family_preference(raw.ipv4, raw.ipv6);
  auto max_size = parse_max_size(raw.max_size);
  if (!max_size) return max_size.take_error();
  options.max_size = *max_size;
  if (raw.count) {
    auto count = parse_positive(*raw.count, "--count");
    if (!count) return count.take_error();
    options.count = *count;
  }
  if (raw.timeout) {
    auto timeout = parse_timeout(*raw.timeout, "--timeout");
    if (!timeout) return timeout.take_error();
    options.idle_timeout = *timeout;
  }
  options.quiet = raw.quiet;
  options.reuse = raw.reuse;
  options.echo = raw.echo;
  options.talk = raw.talk;
  auto style = parse_record_style(raw.format, raw.timestamps);
  if (!style) return style.take_error();
  options.style = *style;
  auto groups = parse_multicast_groups(raw.joins);
  if (!groups) return groups.take_error();
  options.groups = std::move(groups).value();
  auto allow = parse_prefixes(raw.allows);
  if (!allow) return allow.take_error();
  options.allow = std::move(allow).value();
  if (raw.rcvbuf) {
    auto rcvbuf = parse_positive(*raw.rcvbuf, "--rcvbuf");
    if (!rcvbuf) return rcvbuf.take_error();
    if (*rcvbuf > max_rcvbuf) {
      return usage_error(fmt::format("--rcvbuf {} is over {} bytes (1 GiB)", *rcvbuf, max_rcvbuf));
    }
    options.rcvbuf = static_cast<std::size_t>(*rcvbuf);
  }
  auto forward = make_forward_options(raw);
  if (!forward) return forward.take_error();
  options.forward = std::move(forward).value();
  auto exec = make_exec_options(raw.exec, {raw.echo, raw.talk, raw.forward.has_value()});
  if (!exec) return exec.take_error();
  options.exec = std::move(exec).value();
  auto watch =
      make_watch_options(raw.heartbeat, raw.forward.has_value(), raw.exec.command.has_value());
  if (!watch) return watch.take_error();
  options.watch = *watch;
  auto stats =
      make_stats_choice(raw.heartbeat, raw.forward.has_value(), raw.exec.command.has_value());
  if (!stats) return stats.take_error();
  options.stats = stats->stats;
  options.stats_every = stats->every;
  if (raw.pcap && raw.pcap->empty()) {
    return usage_error("--pcap needs a file name (or - for stdout)");
  }
  options.pcap = raw.pcap;
  auto report = make_report_options(raw.report);
  if (!report) return report.take_error();
  options.summary = report->summary;
  options.progress = report->progress;
  return options;
}

}  // namespace

Status run_listen_command(const ListenArguments& arguments, const sys::StandardStreams& streams) {
  auto options = make_listen_options(arguments);
  if (!options) return pointing_to_help(options.take_error(), "listen");
  if (!streams.output && !options->quiet) {
    return usage_error(
        "standard output is closed, so every record would be lost; redirect it (> FILE) or add "
        "-q to only count");
  }
  if (options->pcap == "-" && sys::is_terminal(stdout)) {
    return usage_error(
        "--pcap - writes a binary capture to stdout, which is a terminal; redirect it "
        "(> FILE, | tshark -r -) or name a file");
  }
  if (!streams.input && options->talk) {
    return usage_error(
        "standard input is closed, so --talk has no lines to send; give it input or leave out "
        "--talk");
  }
  // Records only: everything else goes to stderr.
  Output out(stdout, sys::is_terminal(stdout));
  return run_listen(*options, out, stderr);
}

}  // namespace dgram
