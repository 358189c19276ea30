// Usage errors of the command line in dgram's own words. CLI11 parses; what
// it rejects (a missing value, a conflict, a missing argument) or leaves over
// (an unknown option, an extra argument) or takes twice is described here
// from the parse state (which options, which arguments), never from CLI11's
// message text, so the words stay dgram's whatever CLI11 version builds it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/cli/cli11.hpp"

namespace dgram {

// Prints `dgram: error: MESSAGE; see 'HELP_FOR --help'` (without the pointer
// when the message ends asking "did you mean ...?") and returns exit code 2.
int usage_failure(const std::string& message, std::string_view help_for);

// What to say of args[1] when it is neither a command nor a global option: an
// unknown command (with the nearest one), a command's option put before the
// command (`options_of("listen")` gives that command's options), or an
// unknown option.
std::string describe_unknown_first(
    const std::string& first, const std::function<const CLI::App*(std::string_view)>& options_of);

// Every spelling of `command`'s options: "--count", "-n", ...
std::vector<std::string> option_names(const CLI::App& command);

// Makes an option that takes one value accept being given twice, so that
// check_leftovers, not CLI11, reports it. Call after adding the options.
void let_repeats_through(CLI::App& command);

// A flag given a value ("--echo=1"), which CLI11 would read as true/false.
// Checked on `args` (args[0] the program, args[1] the command) before parsing.
std::optional<std::string> flag_given_a_value(const CLI::App& command,
                                              const std::vector<std::string>& args);

// What a parse of `command` left over or took twice: an unknown option (with
// the nearest real one, or the command that has it: `other`, may be null),
// an argument too many, a single option given twice. `args` as typed.
std::optional<std::string> check_leftovers(const CLI::App& command, const CLI::App* other,
                                           const std::vector<std::string>& args);

// A CLI11 parse error of `command` (not --help or --version) described;
// `other` as for check_leftovers.
std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& command,
                                 const CLI::App* other, const std::vector<std::string>& args);

}  // namespace dgram
