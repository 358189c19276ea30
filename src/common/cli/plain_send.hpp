// The commonest one-shot, `dgram send HOST PORT [MESSAGE]` with no option,
// read without CLI11: building CLI11's option tables was most of such a
// run's start-up (callgrind), for options it does not use.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/cli/send_command.hpp"

namespace dgram {

// The arguments CLI11 would fill in for `args` (args[0] the program) when
// they are `send` and two or three plain words: none empty, none starting
// with '-' (an option, "--", or '-' for standard input) and none a command's
// name. Anything else: nullopt, and CLI11 reads it, errors and help included.
std::optional<SendArguments> plain_send(const std::vector<std::string>& args);

}  // namespace dgram
