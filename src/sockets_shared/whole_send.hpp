// A datagram is sent whole or not at all; both platform layers check the
// count the OS reports the same way.
#pragma once

#include <cstddef>

#include <fmt/format.h>

#include "common/result.hpp"

namespace dgram::net::bsd {

// `sent` is the non-negative count sendto/send returned for `size` bytes.
inline Status check_whole_send(long long sent, std::size_t size) {
  if (static_cast<std::size_t>(sent) == size) return {};
  return Error{ErrorKind::system, fmt::format("short send: {} of {} bytes", sent, size)};
}

}  // namespace dgram::net::bsd
