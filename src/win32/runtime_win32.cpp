// The socket library's lifetime: WSAStartup 2.2 once, WSACleanup at exit.
#include "win32/winsock_headers.hpp"

#include <fmt/format.h>

#include "common/net.hpp"
#include "win32/win32_error.hpp"

namespace dgram::net {

Runtime::Runtime(Runtime&& other) noexcept : started_(other.started_) { other.started_ = false; }

Runtime& Runtime::operator=(Runtime&& other) noexcept {
  if (this != &other) {
    if (started_) WSACleanup();
    started_ = other.started_;
    other.started_ = false;
  }
  return *this;
}

Runtime::~Runtime() {
  if (started_) WSACleanup();
}

Result<Runtime> Runtime::start() {
  WSADATA data{};
  const int status = WSAStartup(MAKEWORD(2, 2), &data);
  if (status != 0) return win32::winsock_error(status, "cannot start Winsock 2.2");
  Runtime runtime;
  runtime.started_ = true;
  if (LOBYTE(data.wVersion) != 2 || HIBYTE(data.wVersion) != 2) {
    return Error{ErrorKind::system, fmt::format("Winsock 2.2 is not available (got {}.{})",
                                                LOBYTE(data.wVersion), HIBYTE(data.wVersion))};
  }
  return runtime;
}

}  // namespace dgram::net
