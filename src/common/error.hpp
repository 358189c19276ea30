// The one error type of dgram: a portable kind plus a message for the user.
// The platform layer fills it from errno / WSAGetLastError; the CLI maps the
// kind to an exit code. No exception crosses this boundary.
#pragma once

#include <string>

namespace dgram {

enum class ErrorKind {
  usage,                // bad command line or input; nothing was sent (exit 2)
  resolve_failed,       // host name cannot be resolved (exit 1)
  address_in_use,       // bind: the port is taken (exit 1)
  permission_denied,    // bind to a privileged port, broadcast without permission (exit 1)
  connection_refused,   // ICMP port unreachable: nothing listens there (exit 1)
  message_too_big,      // the OS refused the datagram's size (exit 1)
  would_block,          // nothing to read right now; callers retry
  system,               // any other OS failure (exit 1)
  timed_out,            // an awaited datagram did not come (exit 3)
  interrupted,          // Ctrl+C, Ctrl+Break, SIGINT, SIGTERM (exit 130)
  output_closed,        // the reader of stdout went away (`| head -1`): a quiet end (exit 0)
  network_unreachable,  // ICMP network/host unreachable or TTL expired (exit 1)
};

struct Error {
  ErrorKind kind = ErrorKind::system;
  std::string message;
};

inline constexpr int exit_success = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_timeout = 3;
inline constexpr int exit_interrupted = 130;

inline int exit_code_for(ErrorKind kind) {
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

inline Error usage_error(std::string message) { return {ErrorKind::usage, std::move(message)}; }

// What every wait and loop returns when the user interrupts the program.
inline Error interrupted_error() { return {ErrorKind::interrupted, "interrupted"}; }

// An ICMP error an earlier send left on a socket (nothing listens there, no
// route): a listener or relay counts it and goes on.
inline bool is_icmp_error(ErrorKind kind) {
  return kind == ErrorKind::connection_refused || kind == ErrorKind::network_unreachable;
}

}  // namespace dgram
