// The one place where WSAGetLastError / GetLastError codes become a portable
// Error.
#pragma once

#include <string>
#include <string_view>

#include "common/error.hpp"

namespace dgram::win32 {

// The portable kind of a Winsock or Win32 error code (one number space for
// the codes dgram meets; WSA_OPERATION_ABORTED is ERROR_OPERATION_ABORTED).
ErrorKind kind_of(unsigned long code);

// The system's text for `code`, in English where Windows has it (one line in
// one language), else in the user's language, with the number:
// "An existing connection was forcibly closed by the remote host (error 10054)".
std::string system_message(unsigned long code);

// {kind_of(code), "CONTEXT: MESSAGE (error CODE)"}.
Error system_error(unsigned long code, std::string_view context);

Error winsock_error(int code, std::string_view context);

// winsock_error(WSAGetLastError(), context).
Error last_winsock_error(std::string_view context);

}  // namespace dgram::win32
