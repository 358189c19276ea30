// Shared between standard_input_win32.cpp (standard input, read on a helper thread)
// and the socket wait that also watches it (--talk).
#pragma once

#include "win32/winsock_headers.hpp"

namespace dgram::win32 {

// nullptr when sys::read_stdin_some will not block now; otherwise an event,
// set once it will not: a read of the console or pipe is started ahead on the
// helper thread, and read_stdin_some takes its bytes.
HANDLE standard_input_ready();

}  // namespace dgram::win32
