// Shared between system_win32.cpp (the console control handler) and the
// socket waits it must wake.
#pragma once

#include "win32/winsock_headers.hpp"

namespace dgram::win32 {

// A manual-reset event the Ctrl+C / Ctrl+Break handler sets, or nullptr
// before sys::install_interrupt_handler.
HANDLE interrupt_event();

}  // namespace dgram::win32
