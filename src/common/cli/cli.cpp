#include "common/cli/cli.hpp"

#include <cstdio>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "common/address_syntax.hpp"
#include "common/cli/cli_errors.hpp"
#include "common/cli/cli_help.hpp"
#include "common/cli/option_suggestion.hpp"
#include "common/listen/listen.hpp"
#include "common/listen/sender_policy.hpp"
#include "common/multicast_group.hpp"
#include "common/parse.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/output_format.hpp"
#include "common/send/send.hpp"
#include "common/send/source_address.hpp"
#include "common/system.hpp"
#include "common/version.hpp"

namespace dgram {
namespace {

constexpr const char* format_help =
    "output format: text (one escaped line per datagram), hex (hexdump -C), json (JSON Lines), "
    "raw (payload bytes only)";

// Values are taken as text and checked by dgram's own parsers so that every
// bad value gets the same kind of message: what is wrong and what to use.
struct RawListen {
  std::string port;
  std::optional<std::string> bind;
  std::optional<std::string> max_size;
  std::optional<std::string> count;
  std::optional<std::string> timeout;
  bool ipv4 = false;
  bool ipv6 = false;
  bool quiet = false;
  bool reuse = false;
  bool echo = false;
  std::string format = "text";
  bool timestamps = false;
  std::vector<std::string> joins;
  std::vector<std::string> allows;
  std::optional<std::string> rcvbuf;
};

struct RawSend {
  std::string host;
  std::string port;
  std::optional<std::string> message;
  std::optional<std::string> file;
  std::optional<std::string> max_size;
  bool chunk = false;
  bool ipv4 = false;
  bool ipv6 = false;
  bool hex = false;
  bool lines = false;
  std::optional<std::string> count;
  std::optional<std::string> interval;
  std::optional<std::string> rate;
  bool reply = false;
  std::optional<std::string> timeout;
  std::string format = "text";
  bool timestamps = false;
  bool broadcast = false;
  std::optional<std::string> ttl;
  std::optional<std::string> bind;
  std::optional<std::string> source_port;
};

// Above this, pacing would be finer than the clocks and sleeps can keep.
constexpr std::uint64_t max_rate = 10'000'000;
// A bigger receive buffer is surely a typo; it would also overflow an int.
constexpr std::uint64_t max_rcvbuf = 1u << 30;

net::FamilyPreference family_preference(bool ipv4, bool ipv6) {
  if (ipv4) return net::FamilyPreference::ipv4_only;
  if (ipv6) return net::FamilyPreference::ipv6_only;
  return net::FamilyPreference::any;
}

Result<std::size_t> parse_max_size(const std::optional<std::string>& text) {
  if (!text) return default_max_size;
  auto value = parse_positive(*text, "--max-size");
  if (!value) return value.take_error();
  // The family-specific ceiling is checked once the family is known; this
  // only keeps the number in range of size_t.
  if (*value > max_ipv6_payload) return check_max_size(*value, net::Family::ipv6).take_error();
  return static_cast<std::size_t>(*value);
}

Result<ListenOptions> make_listen_options(const RawListen& raw) {
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
  auto format = parse_output_format(raw.format);
  if (!format) return format.take_error();
  if (raw.timestamps && *format == OutputFormat::raw) {
    return usage_error(
        "--timestamps cannot mark raw output (payload bytes only); use text, hex or json");
  }
  options.style = {*format, raw.timestamps};
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
  return options;
}

Result<SendOptions> make_send_options(const RawSend& raw) {
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
  const bool stdin_stream = raw.lines && options.payload.from_standard_input();
  if (raw.count) {
    auto count = parse_positive(*raw.count, "--count");
    if (!count) return count.take_error();
    if (stdin_stream && *count > 1) {
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
  options.reply = raw.reply;
  if (raw.timeout) {
    auto timeout = parse_timeout(*raw.timeout, "--timeout");
    if (!timeout) return timeout.take_error();
    options.reply_timeout = *timeout;
  }
  auto format = parse_output_format(raw.format);
  if (!format) return format.take_error();
  if (raw.timestamps && *format == OutputFormat::raw) {
    return usage_error(
        "--timestamps cannot mark raw output (payload bytes only); use text, hex or json");
  }
  options.reply_style = {*format, raw.timestamps};
  options.broadcast = raw.broadcast;
  if (raw.ttl) {
    auto ttl = parse_positive(*raw.ttl, "--ttl");
    if (!ttl || *ttl > 255) {
      return usage_error(
          fmt::format("invalid --ttl '{}': use a hop count from 1 to 255", *raw.ttl));
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
  return options;
}

}  // namespace

struct CommandLine::State {
  CLI::App app{
      "dgram sends and receives UDP datagrams, the same on Windows and POSIX.\n"
      "'dgram help COMMAND' or 'dgram COMMAND --help' lists the options of a command.",
      "dgram"};
  CLI::App* listen = nullptr;
  CLI::App* send = nullptr;
  RawListen raw_listen;
  RawSend raw_send;
  bool listen_options_added = false;
  bool send_options_added = false;
};

namespace {

// The options of one command. Only the command being run gets them (see
// parse): building CLI11's options is most of a one-shot send's start-up.
void add_listen_options(CLI::App* listen, RawListen& l) {
  listen->add_option("PORT", l.port, "UDP port 0-65535 (0: any free port)")
      ->type_name("")
      ->required();
  listen
      ->add_option("-b,--bind", l.bind,
                   "local address, without a port: the port is PORT (default: [::] for IPv4 and "
                   "IPv6)")
      ->type_name("ADDR");
  auto* listen4 = listen->add_flag("-4", l.ipv4, "IPv4 only (not with -6)");
  listen->add_flag("-6", l.ipv6, "IPv6 only (not with -4)")->excludes(listen4);
  listen
      ->add_option("-m,--max-size", l.max_size,
                   "size limit in bytes (default 1024); bigger datagrams are shown cut and "
                   "marked truncated with their true size")
      ->type_name("BYTES");
  listen->add_option("-n,--count", l.count, "exit 0 after N datagrams")->type_name("N");
  listen
      ->add_option("-t,--timeout", l.timeout,
                   "exit 3 when no datagram arrives for DURATION (500ms, 2s, 1m; whole "
                   "milliseconds)")
      ->type_name("DURATION");
  listen->add_flag("-q,--quiet", l.quiet, "no per-datagram output, only the summary");
  listen->add_option("-f,--format", l.format, format_help)->type_name("FORMAT");
  listen->add_flag("--timestamps", l.timestamps,
                   "prefix each text or hex record with its ISO-8601 UTC arrival time");
  listen->add_flag("--echo", l.echo, "send every datagram back to its sender (a UDP echo server)");
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
  listen->add_option("--rcvbuf", l.rcvbuf, "socket receive buffer size (SO_RCVBUF)")
      ->type_name("BYTES");
  listen->add_flag("--reuse", l.reuse,
                   "share the port with other listeners that also use --reuse (SO_REUSEADDR); "
                   "by default the port is exclusive (SO_EXCLUSIVEADDRUSE on Windows)");
}

void add_send_options(CLI::App* send, RawSend& s) {
  send->add_option("HOST", s.host, "name, IPv4 or IPv6 address (::1 or [::1])")
      ->type_name("")
      ->required();
  send->add_option("PORT", s.port, "UDP port 1-65535")->type_name("")->required();
  auto* message =
      send->add_option("MESSAGE", s.message, "the payload; omitted or '-': read standard input")
          ->type_name("");
  send->add_option("--file", s.file, "read the payload from a file (instead of MESSAGE)")
      ->type_name("PATH")
      ->excludes(message);
  send->add_option("-m,--max-size", s.max_size,
                   "size limit in bytes (default 1024); a bigger payload is refused")
      ->type_name("BYTES");
  send->add_flag("--chunk", s.chunk,
                 "split a payload bigger than --max-size into datagrams of at most that size");
  auto* send4 = send->add_flag("-4", s.ipv4, "resolve HOST to IPv4 only (not with -6)");
  send->add_flag("-6", s.ipv6, "resolve HOST to IPv6 only (not with -4)")->excludes(send4);
  send->add_flag("-x,--hex", s.hex,
                 "the payload is hex: 48 65 6c 6c 6f, 48656c6c6f or 48:65:6c (spaces and colons "
                 "allowed)");
  send->add_flag("--lines", s.lines,
                 "every input line is its own datagram (LF or CRLF, not sent); standard input "
                 "is sent line by line as it arrives");
  send->add_option("-n,--count", s.count, "send the payload N times")->type_name("N");
  auto* interval = send->add_option("-i,--interval", s.interval,
                                    "pause between datagrams: 500ms, 1s, 0.25ms (not with --rate)")
                       ->type_name("DURATION");
  send->add_option("--rate", s.rate, "datagrams per second (not with --interval)")
      ->type_name("PPS")
      ->excludes(interval);
  send->add_flag("--broadcast", s.broadcast, "allow a broadcast destination (SO_BROADCAST)");
  send->add_option("--ttl", s.ttl, "unicast and multicast TTL / hop limit, 1-255")->type_name("N");
  send->add_option("-b,--bind", s.bind,
                   "local address to send from: 192.0.2.5, 192.0.2.5:4000, [2001:db8::5]:4000, "
                   ":4000")
      ->type_name("ADDR[:PORT]");
  send->add_option("-p,--source-port", s.source_port, "local port to send from")->type_name("PORT");
  auto* reply = send->add_flag("-r,--reply", s.reply,
                               "after sending, wait for one reply and print it like listen");
  send->add_option("-t,--timeout", s.timeout,
                   "with --reply: how long it waits (default 2s, whole milliseconds); exit 3 "
                   "after")
      ->type_name("DURATION")
      ->needs(reply);
  send->add_option("-f,--format", s.format,
                   "with --reply: format of the printed reply: text, hex, json, raw")
      ->type_name("FORMAT")
      ->needs(reply);
  send->add_flag("--timestamps", s.timestamps,
                 "with --reply: prefix the printed reply (text or hex) with its ISO-8601 UTC "
                 "arrival time")
      ->needs(reply);
}

}  // namespace

CommandLine::CommandLine() : state_(std::make_unique<State>()) {
  CLI::App& app = state_->app;
  // Before the subcommands, which take the formatter over.
  app.formatter(std::make_shared<HelpFormatter>());
  app.set_version_flag("-V,--version", std::string("dgram ") + version, "print dgram's version");
  app.set_help_flag("-h,--help", "print this help");
  app.require_subcommand(1);
  app.allow_extras();  // described by check_leftovers, like the commands' own
  app.footer(exit_code_help);
  state_->listen = app.add_subcommand("listen", "Receive datagrams from every sender, print them");
  state_->send = app.add_subcommand("send", "Send a message as a UDP datagram");
  for (CLI::App* command : {state_->listen, state_->send}) {
    command->group("Commands");
    command->footer(exit_code_help);
    command->set_help_flag("-h,--help", "print this help");
    // Left-over arguments are dgram's to describe (check_leftovers).
    command->allow_extras();
  }
}

CommandLine::~CommandLine() = default;

namespace {

bool is_command(std::string_view word) { return word == "listen" || word == "send"; }

}  // namespace

CLI::App* CommandLine::add_options(std::string_view command) {
  if (command == "listen") {
    if (!state_->listen_options_added) {
      add_listen_options(state_->listen, state_->raw_listen);
      let_repeats_through(*state_->listen);
      state_->listen_options_added = true;
    }
    return state_->listen;
  }
  if (!state_->send_options_added) {
    add_send_options(state_->send, state_->raw_send);
    let_repeats_through(*state_->send);
    state_->send_options_added = true;
  }
  return state_->send;
}

std::optional<int> CommandLine::parse(const std::vector<std::string>& args) {
  if (args.size() < 2) {
    print_short_usage(stderr);
    return exit_usage;
  }
  const std::string& first = args[1];
  if (first == "help") return print_help(args);
  const std::string first_name = first.substr(0, first.find('='));
  const bool global_option = first_name == "-h" || first_name == "--help" || first_name == "-V" ||
                             first_name == "--version";
  if (global_option && first_name != first) {
    return usage_failure(fmt::format("{} takes no value; write {} alone", first_name, first_name),
                         "dgram");
  }
  if (!is_command(first) && !global_option) {
    return usage_failure(
        describe_unknown_first(first, [this](std::string_view name) { return add_options(name); }),
        "dgram");
  }
  // Only the command being run gets its options: building CLI11's options
  // is most of a one-shot send's start-up.
  CLI::App* command = is_command(first) ? add_options(first) : nullptr;
  const std::string help_for = command ? "dgram " + first : "dgram";
  auto other = [&]() -> const CLI::App* {
    return command ? add_options(first == "listen" ? "send" : "listen") : nullptr;
  };
  if (command) {
    if (auto flag = flag_given_a_value(*command, args)) return usage_failure(*flag, help_for);
  }
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  try {
    state_->app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      return state_->app.exit(e);  // --help, --version
    }
    if (!command) return usage_failure("a command is needed: dgram listen or dgram send", "dgram");
    return usage_failure(describe_parse_error(e, *command, other(), args), help_for);
  }
  if (command) {
    if (auto leftover = check_leftovers(*command, other(), args)) {
      return usage_failure(*leftover, help_for);
    }
  }
  return std::nullopt;
}

int CommandLine::print_help(const std::vector<std::string>& args) {
  if (args.size() > 3) {
    return usage_failure(fmt::format("dgram help takes at most one command, not '{}'", args[3]),
                         "dgram");
  }
  if (args.size() == 2) {
    std::fputs(state_->app.help().c_str(), stdout);
    return exit_success;
  }
  const std::string& topic = args[2];
  if (!is_command(topic)) {
    return usage_failure(fmt::format("dgram help knows listen and send, not '{}'{}", topic,
                                     did_you_mean(topic, {"listen", "send"})),
                         "dgram");
  }
  std::fputs(add_options(topic)->help("dgram").c_str(), stdout);
  return exit_success;
}

int CommandLine::execute(const sys::StandardStreams& streams) {
  if (state_->listen->parsed()) {
    auto options = make_listen_options(state_->raw_listen);
    if (!options) return report(options.error());
    if (!streams.output && !options->quiet) {
      return report(usage_error(
          "standard output is closed, so every record would be lost; redirect it (> FILE) or "
          "add -q to only count"));
    }
    // Records only: everything else goes to stderr.
    Output out(stdout, sys::is_terminal(stdout));
    auto status = run_listen(*options, out, stderr);
    return status ? exit_success : report(status.error());
  }
  auto options = make_send_options(state_->raw_send);
  if (!options) return report(options.error());
  if (!streams.input && options->payload.from_standard_input()) {
    return report(usage_error(
        "standard input is closed, so there is no payload; give MESSAGE or --file (nothing "
        "was sent)"));
  }
  if (!streams.output && options->reply) {
    return report(usage_error(
        "standard output is closed, so the reply would be lost; redirect it (> FILE) or leave "
        "out --reply (nothing was sent)"));
  }
  auto status = run_send(*options);
  return status ? exit_success : report(status.error());
}

int report(const Error& error) {
  // An interrupt's summary says enough; a closed output is the reader's choice.
  if (error.kind != ErrorKind::interrupted && error.kind != ErrorKind::output_closed) {
    print_diagnostic(stderr, "dgram: error: {}\n", error.message);
  }
  return exit_code_for(error.kind);
}

}  // namespace dgram
