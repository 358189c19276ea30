#include "posix/posix_error.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace dgram::posix {
namespace {

ErrorKind kind_of(int code) {
  switch (code) {
    case EADDRINUSE:
      return ErrorKind::address_in_use;
    case EACCES:
    case EPERM:
      return ErrorKind::permission_denied;
    case ECONNREFUSED:
      return ErrorKind::connection_refused;
    case ENETUNREACH:
    case EHOSTUNREACH:
      return ErrorKind::network_unreachable;
    case EMSGSIZE:
      return ErrorKind::message_too_big;
    case EINTR:  // only a signal dgram handles, an interrupt, is left unretried
      return ErrorKind::interrupted;
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
      return ErrorKind::would_block;
    default:
      return ErrorKind::system;
  }
}

}  // namespace

Error errno_error(int code, std::string_view context) {
  return {kind_of(code), fmt::format("{}: {}", context, std::strerror(code))};
}

}  // namespace dgram::posix

dgram::Error dgram::posix::last_error(std::string_view context) {
  return errno_error(errno, context);
}
