// What the stream files of the Windows layer share: the handle behind a C
// stream, what kind it is, and how a failed read or write is reported.
#pragma once

#include <cstdio>

#include "common/error.hpp"
#include "win32/winsock_headers.hpp"

namespace dgram::win32 {

// The Windows handle behind a C stream; the standard ones by their standard
// handle, which claim_standard_streams keeps valid even in a process started
// without them.
HANDLE handle_of(std::FILE* file);

// GetConsoleMode succeeds on a console handle only: NUL and serial ports are
// character devices too (and _isatty says yes to them), but no console.
bool is_console(HANDLE handle);

// A usable handle: a null or invalid one, or one GetFileType cannot place
// because it is not a handle at all, means the stream was never given.
bool is_usable(HANDLE handle);

// A failed write of the output: its reader went away, an interrupt, or
// another failure.
Error output_error(DWORD code);

}  // namespace dgram::win32
