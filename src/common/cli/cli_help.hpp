// The help dgram prints: `--help` and `dgram help [COMMAND]` (the option
// tables, wrapped to a terminal's width, with the exit codes as a footer),
// and the short usage that `dgram` alone prints.
#pragma once

#include <cstdio>
#include <memory>

#include "common/cli/cli11.hpp"

namespace dgram {

// The exit codes, as every help text ends.
extern const char* const exit_code_help;

// Renders option tables as dgram wants them: "-m, --max-size BYTES" and a
// description wrapped to the width of a terminal; no "REQUIRED", "Needs:"
// or "Excludes:" run into the names (each description says its constraints
// in words).
class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter();
  std::string make_option_name(const CLI::Option* option, bool is_positional) const override;
  // The Commands block ends with `help [COMMAND]`, a command CLI11 does not
  // parse.
  std::string make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const override;
  std::string make_option_opts(const CLI::Option* option) const override;
  std::string make_option_desc(const CLI::Option* option) const override;
};

// A few lines on `to`: the commands and where the full help is.
void print_short_usage(std::FILE* to);

}  // namespace dgram
