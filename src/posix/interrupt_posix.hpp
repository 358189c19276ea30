// Shared between system_posix.cpp (the signal handler) and the socket waits
// it must wake.
#pragma once

namespace dgram::posix {

// The read end of the self-pipe the signal handler writes to, or -1 before
// sys::install_interrupt_handler.
int interrupt_wake_fd();

}  // namespace dgram::posix
