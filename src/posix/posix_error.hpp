// The one place where errno becomes a portable Error.
#pragma once

#include <string_view>

#include "common/error.hpp"

namespace dgram::posix {

Error errno_error(int code, std::string_view context);

// errno_error(errno, context).
Error last_error(std::string_view context);

}  // namespace dgram::posix
