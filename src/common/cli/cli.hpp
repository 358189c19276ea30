// The command line: CLI11 parses it into options for `listen` or `send`, the
// chosen command runs, and every outcome becomes one documented exit code.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "common/system.hpp"

namespace CLI {
class App;
}

namespace dgram {

struct SendArguments;

class CommandLine {
 public:
  CommandLine();
  ~CommandLine();

  // Parses `args` (args[0] is the program). Returns an exit code when the run
  // ends here: 0 after --help, --version, `dgram help` or `dgram completion
  // SHELL` (which prints the script), 2 after a usage error (printed) or a
  // bare `dgram` (short usage). Call it once: it adds the options of the
  // command that args[1] names.
  std::optional<int> parse(const std::vector<std::string>& args);

  // Runs the parsed command with the standard streams the process was given;
  // prints any error; returns the exit code.
  int execute(const sys::StandardStreams& streams);

 private:
  struct State;
  // CLI11's tables, built on first use: a plain one-shot send needs none.
  State& state();
  // The options of `command` ("listen", "send" or "completion"), added on
  // first use.
  CLI::App* add_options(std::string_view command);
  // `dgram help [COMMAND]`: the help on stdout; the exit code.
  int print_help(const std::vector<std::string>& args);

  std::unique_ptr<State> state_;
  // `dgram send HOST PORT [MESSAGE]` read without CLI11 (plain_send.hpp).
  std::unique_ptr<SendArguments> plain_send_;
};

// Prints `dgram: error: MESSAGE` (nothing for an interrupt or a closed output)
// and returns the exit code of the error's kind.
int report(const Error& error);

}  // namespace dgram
