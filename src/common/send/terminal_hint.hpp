// What `dgram send` tells a person at a terminal before it reads what they
// type.
#pragma once

#include "common/send/send.hpp"

namespace dgram {

// A person at a terminal would otherwise wait on a silent program: says how
// the typed input is sent and which keys end it. Nothing when standard input
// is not a terminal or not read.
void hint_at_terminal_input(const SendOptions& options);

}  // namespace dgram
