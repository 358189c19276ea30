// The one place where WSAGetLastError / GetLastError codes become a portable
// Error.
#pragma once

#include <string_view>

#include "common/error.hpp"

namespace dgram::win32 {

Error winsock_error(int code, std::string_view context);

// winsock_error(WSAGetLastError(), context).
Error last_winsock_error(std::string_view context);

}  // namespace dgram::win32
