// What `dgram send` tells a person at a terminal before it reads what they
// type.
#pragma once

#include <string_view>

#include "common/send/send.hpp"
#include "common/typed_line.hpp"

namespace dgram {

// A person at a terminal would otherwise wait on a silent program: says how
// the typed input is sent and which keys end it. Nothing when standard input
// is not a terminal or not read.
void hint_at_terminal_input(const SendOptions& options);

// Lines typed at a terminal that its driver cut: the check for standard
// input, with advice that fits the options (--talk takes no --file).
TypedLineCheck typed_line_check(const SendOptions& options);

// A whole typed input (the message, ended with Ctrl+D): a warning for each
// of its lines the terminal cut.
void warn_of_cut_lines(std::string_view input, const SendOptions& options);

}  // namespace dgram
