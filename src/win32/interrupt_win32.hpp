// Shared between interrupt_win32.cpp (the console control handler) and what
// it must wake: socket waits, the helper threads' waits, pauses.
#pragma once

#include <chrono>

#include "win32/winsock_headers.hpp"

namespace dgram::win32 {

// A manual-reset event the Ctrl+C / Ctrl+Break handler sets, or nullptr
// before sys::install_interrupt_handler.
HANDLE interrupt_event();

// WaitForSingleObject for any `duration`, however long: DWORD milliseconds
// wrap after 49.7 days (and INFINITE is one of them), so it waits in slices.
// True when `handle` was signalled, false when the duration passed.
bool wait_bounded(HANDLE handle, std::chrono::nanoseconds duration);

}  // namespace dgram::win32
