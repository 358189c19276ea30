#include "common/echo_policy.hpp"

#include <algorithm>
#include <array>

namespace dgram {

bool may_echo_to(const net::Endpoint& sender, std::uint16_t own_port) {
  static constexpr std::array<std::uint16_t, 6> answering_ports{0, 7, 13, 17, 19, 37};
  if (sender.port == own_port) return false;
  return std::find(answering_ports.begin(), answering_ports.end(), sender.port) ==
         answering_ports.end();
}

}  // namespace dgram
