// `dgram listen --exec COMMAND` on the command line: its options as CLI11
// fills them in, and their checks.
#pragma once

#include <optional>
#include <string>

#include "common/listen/exec_options.hpp"
#include "common/result.hpp"

namespace CLI {
class App;
}

namespace dgram {

struct ExecArguments {
  std::optional<std::string> command;
  std::optional<std::string> jobs;
  std::optional<std::string> queue;
  std::optional<std::string> timeout;
};

void add_exec_options(CLI::App* listen, ExecArguments& e);

// The modes --exec cannot share a listener with.
struct OtherModes {
  bool echo = false;
  bool talk = false;
  bool forward = false;
};

// Nothing without --exec; a usage error for a bad value, for an --exec-*
// option without --exec, or for --exec with another mode that answers.
Result<std::optional<ExecOptions>> make_exec_options(const ExecArguments& raw, OtherModes modes);

}  // namespace dgram
