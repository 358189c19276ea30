// Shared between system_posix.cpp (the signal handler), the socket waits it
// must wake, and the end of the process (finish_process_posix.cpp).
#pragma once

namespace dgram::posix {

// The read end of the self-pipe the signal handler writes to, or -1 before
// sys::install_interrupt_handler.
int interrupt_wake_fd();

// The first of SIGINT, SIGTERM and SIGHUP that came, or 0 when none did.
int interrupt_signal();

}  // namespace dgram::posix
