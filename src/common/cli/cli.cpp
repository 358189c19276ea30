#include "common/cli/cli.hpp"

#include <cstdio>
#include <ios>

#include <fmt/format.h>
#include "common/cli/cli11.hpp"

#include "common/cli/cli_errors.hpp"
#include "common/cli/cli_help.hpp"
#include "common/cli/completion.hpp"
#include "common/cli/listen_command.hpp"
#include "common/cli/option_suggestion.hpp"
#include "common/cli/plain_send.hpp"
#include "common/cli/send_command.hpp"
#include "common/records/diagnostics.hpp"
#include "common/system.hpp"
#include "common/version.hpp"

namespace dgram {

struct CommandLine::State {
  CLI::App app{
      "dgram sends and receives UDP datagrams, the same on Windows and POSIX.\n"
      "'dgram help COMMAND' or 'dgram COMMAND --help' lists the options of a command.",
      "dgram"};
  CLI::App* listen = nullptr;
  CLI::App* send = nullptr;
  CLI::App* completion = nullptr;
  ListenArguments listen_arguments;
  SendArguments send_arguments;
  std::string completion_shell;
  bool listen_options_added = false;
  bool send_options_added = false;
  bool completion_options_added = false;

  State();
};

CommandLine::State::State() {
  // Before the subcommands, which take the formatter over.
  app.formatter(std::make_shared<HelpFormatter>());
  app.set_version_flag("-V,--version", std::string("dgram ") + version, "print dgram's version");
  app.set_help_flag("-h,--help", "print this help");
  app.require_subcommand(1);
  // CLI11 reads `/x` as an option in Windows builds only; dgram's command line
  // is the same on every OS, so a MESSAGE like `/status` stays a MESSAGE.
  // Set before the subcommands, which inherit it.
  app.allow_windows_style_options(false);
  app.allow_extras();  // described by check_leftovers, like the commands' own
  app.footer(exit_code_help);
  listen = app.add_subcommand("listen", "Receive datagrams from every sender, print them");
  send = app.add_subcommand("send", "Send a message as a UDP datagram");
  completion = app.add_subcommand("completion", "Print a shell completion script");
  for (CLI::App* command : {listen, send, completion}) {
    command->group("Commands");
    command->footer(exit_code_help);
    command->set_help_flag("-h,--help", "print this help");
    // Left-over arguments are dgram's to describe (check_leftovers).
    command->allow_extras();
  }
}

CommandLine::CommandLine() = default;
CommandLine::~CommandLine() = default;

CommandLine::State& CommandLine::state() {
  if (!state_) {
    // CLI11 writes --help and --version to std::cout: the standard streams
    // are set up here, before its first object, rather than before main
    // (cli11.hpp).
    static const std::ios_base::Init standard_streams;
    state_ = std::make_unique<State>();
  }
  return *state_;
}

namespace {

bool is_command(std::string_view word) {
  return word == "listen" || word == "send" || word == "completion";
}

}  // namespace

CLI::App* CommandLine::add_options(std::string_view command) {
  State& s = state();
  if (command == "listen") {
    if (!s.listen_options_added) {
      add_listen_options(s.listen, s.listen_arguments);
      let_repeats_through(*s.listen);
      s.listen_options_added = true;
    }
    return s.listen;
  }
  if (command == "completion") {
    if (!s.completion_options_added) {
      add_completion_options(s.completion, s.completion_shell);
      s.completion_options_added = true;
    }
    return s.completion;
  }
  if (!s.send_options_added) {
    add_send_options(s.send, s.send_arguments);
    let_repeats_through(*s.send);
    s.send_options_added = true;
  }
  return s.send;
}

std::optional<int> CommandLine::parse(const std::vector<std::string>& args) {
  if (args.size() < 2) {
    print_short_usage(stderr);
    return exit_usage;
  }
  if (auto plain = plain_send(args)) {
    plain_send_ = std::make_unique<SendArguments>(std::move(*plain));
    return std::nullopt;
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
    if (!command || first == "completion") return nullptr;
    return add_options(first == "listen" ? "send" : "listen");
  };
  if (command) {
    if (auto flag = flag_given_a_value(*command, args)) return usage_failure(*flag, help_for);
  }
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  try {
    state().app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      return state().app.exit(e);  // --help, --version
    }
    if (!command) return usage_failure("a command is needed: dgram listen or dgram send", "dgram");
    return usage_failure(describe_parse_error(e, *command, other(), args), help_for);
  }
  // The other command's options are built only to describe what is left
  // over: building them would double a one-shot send's start-up.
  if (command && check_leftovers(*command, nullptr, args)) {
    return usage_failure(*check_leftovers(*command, other(), args), help_for);
  }
  if (state().completion->parsed()) {
    // The script covers every command: each one's options now.
    add_options("listen");
    add_options("send");
    return print_completion(state().completion_shell, state().app);
  }
  return std::nullopt;
}

int CommandLine::print_help(const std::vector<std::string>& args) {
  if (args.size() > 3) {
    return usage_failure(fmt::format("dgram help takes at most one command, not '{}'", args[3]),
                         "dgram");
  }
  if (args.size() == 2) {
    std::fputs(state().app.help().c_str(), stdout);
    return exit_success;
  }
  const std::string& topic = args[2];
  if (!is_command(topic)) {
    return usage_failure(fmt::format("dgram help knows listen, send and completion, not '{}'{}",
                                     topic, did_you_mean(topic, {"listen", "send", "completion"})),
                         "dgram");
  }
  std::fputs(add_options(topic)->help("dgram").c_str(), stdout);
  return exit_success;
}

int CommandLine::execute(const sys::StandardStreams& streams) {
  Status status;
  if (plain_send_) {
    status = run_send_command(*plain_send_, streams);
  } else if (state().listen->parsed()) {
    status = run_listen_command(state().listen_arguments, streams);
  } else {
    status = run_send_command(state().send_arguments, streams);
  }
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
