#include "common/cli/cli_errors.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "common/cli/option_suggestion.hpp"
#include "common/error.hpp"
#include "common/records/diagnostics.hpp"

namespace dgram {
namespace {

std::string command_path(const CLI::App& command) {
  return command.get_parent() ? "dgram " + command.get_name() : "dgram";
}

bool takes_a_value(const CLI::Option& option) { return option.get_expected_max() != 0; }

// "--max-size", "-4", "MESSAGE".
std::string display_name(const CLI::Option& option) {
  return option.get_name(/*positional=*/option.get_positional());
}

// The option that `typed` ("--count", "--count=5", "-n", "-n5") names, or null.
const CLI::Option* option_typed(const CLI::App& command, std::string_view typed) {
  if (typed.starts_with("--")) {
    const std::string name(typed.substr(0, typed.find('=')));
    return command.get_option_no_throw(name);
  }
  if (typed.size() >= 2 && typed[0] == '-') {
    return command.get_option_no_throw(std::string(typed.substr(0, 2)));
  }
  return nullptr;
}

// "HOST PORT [MESSAGE]": what the command's positionals are.
std::string positionals_usage(const CLI::App& command) {
  std::string usage;
  for (const CLI::Option* option :
       command.get_options([](const CLI::Option* o) { return o->get_positional(); })) {
    if (!usage.empty()) usage += ' ';
    const std::string name = display_name(*option);
    usage += option->get_required() ? name : "[" + name + "]";
  }
  return usage;
}

std::string unknown_option(const CLI::App& command, const CLI::App* other, const std::string& typed,
                           const std::vector<std::string>& args) {
  const std::string name = typed.substr(0, typed.find('='));
  if (other && other->get_option_no_throw(name)) {
    return fmt::format("{} is an option of {}, not of {}", name, command_path(*other),
                       command_path(command));
  }
  // CLI11 splits a cluster of short flags ("-q1" is -q and -1): name the
  // argument as typed too.
  std::string within;
  if (std::find(args.begin(), args.end(), typed) == args.end()) {
    for (const std::string& arg : args) {
      if (arg.size() > 2 && arg[0] == '-' && arg[1] != '-' && arg.ends_with(typed.substr(1))) {
        within = fmt::format(" (in '{}')", arg);
        break;
      }
    }
  }
  return fmt::format("unknown option '{}'{} for {}{}", name, within, command_path(command),
                     did_you_mean(name, option_names(command)));
}

std::string extra_argument(const CLI::App& command, const std::string& extra) {
  const auto positionals =
      command.get_options([](const CLI::Option* o) { return o->get_positional(); });
  const bool message_given = !positionals.empty() &&
                             positionals.back()->get_name(true) == "MESSAGE" &&
                             positionals.back()->count() > 0;
  return fmt::format(
      "unexpected argument '{}': {} takes {}{}", extra, command_path(command),
      positionals_usage(command),
      message_given ? "; a MESSAGE with spaces is one argument: put it in quotes" : "");
}

std::string quoted_values(const std::vector<std::string>& values) {
  std::string text;
  for (const std::string& value : values) {
    if (!text.empty()) text += ", then ";
    text += "'" + value + "'";
  }
  return text;
}

// Two options that exclude each other, both given, as "A and B".
std::optional<std::string> conflicting_pair(const CLI::App& command) {
  for (const CLI::Option* option : command.parse_order()) {
    for (const CLI::Option* excluded : option->get_excludes()) {
      if (excluded->count() > 0) {
        return fmt::format("{} and {} cannot be used together; give one of them",
                           display_name(*option), display_name(*excluded));
      }
    }
  }
  return std::nullopt;
}

// An option given without another that it only works with.
std::optional<std::string> missing_partner(const CLI::App& command) {
  for (const CLI::Option* option : command.parse_order()) {
    for (const CLI::Option* needed : option->get_needs()) {
      if (needed->count() == 0) {
        return fmt::format("{} only works with {}; add {} or leave out {}", display_name(*option),
                           display_name(*needed), display_name(*needed), display_name(*option));
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> missing_arguments(const CLI::App& command) {
  std::vector<std::string> missing;
  for (const CLI::Option* option : command.get_options(
           [](const CLI::Option* o) { return o->get_positional() && o->get_required(); })) {
    if (option->count() == 0) missing.push_back(display_name(*option));
  }
  if (missing.empty()) return std::nullopt;
  std::string names = missing.front();
  for (std::size_t i = 1; i < missing.size(); ++i) {
    names += (i + 1 == missing.size() ? " and " : ", ") + missing[i];
  }
  return fmt::format("missing {}: {} takes {}", names, command_path(command),
                     positionals_usage(command));
}

}  // namespace

int usage_failure(const std::string& message, std::string_view help_for) {
  // Where a question names the fix, the help has nothing to add.
  if (message.ends_with('?')) {
    print_diagnostic(stderr, "dgram: error: {}\n", message);
  } else {
    print_diagnostic(stderr, "dgram: error: {}; see '{} --help'\n", message, help_for);
  }
  return exit_usage;
}

std::string describe_unknown_first(
    const std::string& first, const std::function<const CLI::App*(std::string_view)>& options_of) {
  if (!first.starts_with('-') || first == "-") {
    const std::string suggestion = did_you_mean(first, {"listen", "send", "help", "completion"});
    if (!suggestion.empty()) return fmt::format("unknown command '{}'{}", first, suggestion);
    return fmt::format("unknown command '{}': use dgram listen or dgram send", first);
  }
  const std::string name = first.substr(0, first.find('='));
  for (const char* command : {"listen", "send"}) {
    if (options_of(command)->get_option_no_throw(name)) {
      return fmt::format("{} is an option of dgram {}; it goes after the command: dgram {} {} ...",
                         name, command, command, name);
    }
  }
  const std::string suggestion = did_you_mean(name, {"--help", "--version"});
  if (!suggestion.empty()) return fmt::format("unknown option '{}'{}", name, suggestion);
  return fmt::format(
      "unknown option '{}'; a command comes first: dgram listen ... or dgram send ...", name);
}

std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option :
       command.get_options([](const CLI::Option* o) { return !o->get_positional(); })) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    for (const std::string& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

void let_repeats_through(CLI::App& command) {
  for (CLI::Option* option : command.get_options()) {
    if (!option->get_positional() && takes_a_value(*option) &&
        option->get_multi_option_policy() == CLI::MultiOptionPolicy::Throw) {
      option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    }
  }
}

std::optional<std::string> flag_given_a_value(const CLI::App& command,
                                              const std::vector<std::string>& args) {
  for (std::size_t i = 2; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;  // the rest are arguments, whatever they look like
    // "--echo=1", or "-q=1" (which CLI11 would split into -q and "-=1").
    const std::size_t equals = arg.find('=');
    const bool long_form = arg.starts_with("--") && equals != std::string::npos;
    const bool short_form = !arg.starts_with("--") && equals == 2;
    if (!long_form && !short_form) continue;
    const CLI::Option* option = option_typed(command, arg);
    if (option && !takes_a_value(*option)) {
      const std::string name = arg.substr(0, equals);
      return fmt::format("{} takes no value; write {} alone, not '{}'", name, name, arg);
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_leftovers(const CLI::App& command, const CLI::App* other,
                                           const std::vector<std::string>& args) {
  std::vector<std::string> extras = command.remaining();
  // CLI11 hands what follows a "--" after the last argument to the parent.
  if (const CLI::App* parent = command.get_parent()) {
    for (const std::string& extra : parent->remaining()) extras.push_back(extra);
  }
  // After "--" everything is an argument, whatever it looks like.
  const auto options_from = args.size() < 2 ? args.end() : args.begin() + 2;
  const auto mark = std::find(options_from, args.end(), std::string("--"));
  const auto typed_as_option = [&](const std::string& extra) {
    return std::any_of(options_from, mark, [&](const std::string& arg) {
      return arg == extra ||
             (arg.size() > 2 && arg[0] == '-' && arg[1] != '-' && arg.ends_with(extra.substr(1)));
    });
  };
  // An unknown option first: it may have swallowed or shifted arguments.
  for (const std::string& extra : extras) {
    if (extra.size() > 1 && extra.starts_with('-') && extra != "--" && typed_as_option(extra)) {
      return unknown_option(command, other, extra, args);
    }
  }
  for (const std::string& extra : extras) {
    if (extra != "--") return extra_argument(command, extra);
  }
  for (const CLI::Option* option : command.get_options()) {
    if (!option->get_positional() && takes_a_value(*option) && option->count() > 1 &&
        option->get_multi_option_policy() != CLI::MultiOptionPolicy::TakeAll) {
      return fmt::format("{} is given {} times ({}); give it once", display_name(*option),
                         option->count(), quoted_values(option->results()));
    }
  }
  return std::nullopt;
}

std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& command,
                                 const CLI::App* other, const std::vector<std::string>& args) {
  // What was left over may be the cause of the rest (an unknown option
  // followed by its value shifts every argument after it).
  if (auto leftover = check_leftovers(command, other, args)) return *leftover;
  if (dynamic_cast<const CLI::ExcludesError*>(&error)) {
    if (auto pair = conflicting_pair(command)) return *pair;
  }
  if (dynamic_cast<const CLI::RequiresError*>(&error)) {
    if (auto partner = missing_partner(command)) return *partner;
  }
  if (dynamic_cast<const CLI::RequiredError*>(&error)) {
    if (auto missing = missing_arguments(command)) return *missing;
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) && args.size() > 2) {
    // CLI11 stops when the last argument is an option that needs a value.
    const std::string last = args.back().substr(0, args.back().find('='));
    const CLI::Option* option = option_typed(command, last);
    if (option && takes_a_value(*option)) {
      return fmt::format("{} needs a value: {} {}", last, last, option->get_type_name());
    }
  }
  // Whatever else CLI11 may raise: say where, in dgram's words.
  return fmt::format("the arguments of {} cannot be read as {} [options] {}", command_path(command),
                     command_path(command), positionals_usage(command));
}

}  // namespace dgram
