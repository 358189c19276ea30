#include "common/error.hpp"

namespace dgram {

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage:
      return exit_usage;
    case ErrorKind::timed_out:
      return exit_timeout;
    case ErrorKind::interrupted:
      return exit_interrupted;
    case ErrorKind::output_closed:
      return exit_success;
    case ErrorKind::resolve_failed:
    case ErrorKind::address_in_use:
    case ErrorKind::permission_denied:
    case ErrorKind::connection_refused:
    case ErrorKind::network_unreachable:
    case ErrorKind::message_too_big:
    case ErrorKind::would_block:
    case ErrorKind::system:
      break;
  }
  return exit_failure;
}

}  // namespace dgram
