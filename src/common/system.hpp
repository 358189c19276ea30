// The platform interface for the process: arguments, console, files,
// interrupts. Implemented in src/posix/system_posix.cpp and
// src/win32/system_win32.cpp.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace dgram::sys {

// The command line as UTF-8 strings (on Windows read from GetCommandLineW,
// whatever the code page; on POSIX argv as is).
std::vector<std::string> command_line(int argc, char** argv);

// Binary stdin/stdout (no CRLF translation), UTF-8 console output, writes to
// a closed pipe reported as errors instead of killing the process.
void prepare_console();

// fopen with a UTF-8 path (on Windows through _wfopen, so that any name works).
std::FILE* open_file(const std::string& path, const char* mode);

// From now on Ctrl+C, Ctrl+Break, SIGINT and SIGTERM no longer kill the
// process: they set a flag and wake UdpSocket::wait_readable, which returns
// ErrorKind::interrupted.
void install_interrupt_handler();
bool interrupt_requested();

}  // namespace dgram::sys
