// How one `listen --exec` handler starts on Windows: cmd.exe /d /s /c
// COMMAND, suspended, in a job object of its own (so that it can be killed
// with everything it starts), its standard handles three anonymous pipes
// whose child ends only this child inherits.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/handler_process.hpp"
#include "win32/owned_handle.hpp"

namespace dgram::win32 {

struct LaunchedHandler {
  OwnedHandle job;      // kills what is left in it when closed
  OwnedHandle process;  // cmd.exe
  OwnedHandle thread;   // its first thread, still suspended
  OwnedHandle input;    // the write end of its standard input
  OwnedHandle output;   // the read end of its standard output
  OwnedHandle errors;   // the read end of its standard error
};

// Fills `launched`; false when a step failed, with the system's reason in
// `error`: nothing is then left open or running.
bool launch_handler(const sys::HandlerRequest& request, LaunchedHandler& launched,
                    std::string& error);

// %ComSpec%, else cmd.exe in the system directory.
std::wstring shell_path();

// "SHELL" /d /s /c "COMMAND": with /s, cmd strips the outer quotes and runs
// the rest as typed, so a quoted path with arguments works too.
std::wstring handler_command_line(std::wstring_view shell, std::string_view command);

// This process's environment with `set` set or replaced (names compared
// without regard to case, as Windows compares them), sorted by name as
// CreateProcessW asks, each "NAME=VALUE" NUL-terminated, with a NUL after
// the last.
std::vector<wchar_t> environment_block(const std::vector<std::pair<std::string, std::string>>& set);

}  // namespace dgram::win32
