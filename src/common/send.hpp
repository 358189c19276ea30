// `dgram send`: validate everything, then send the payload as one datagram or
// as --chunk pieces.
#pragma once

#include <cstdint>
#include <string>

#include "common/limits.hpp"
#include "common/net.hpp"
#include "common/payload.hpp"
#include "common/result.hpp"

namespace dgram {

struct SendOptions {
  std::string host;
  std::uint16_t port = 0;
  PayloadSource payload;
  net::FamilyPreference family = net::FamilyPreference::any;
  std::size_t max_size = default_max_size;
  bool chunk = false;
};

// Nothing leaves before the payload, its size and the destination have all
// been checked; a failed or short send ends the run with an error.
Status run_send(const SendOptions& options);

}  // namespace dgram
