// `listen --echo`: which senders get their datagram back.
#pragma once

#include <cstdint>

#include "common/net.hpp"

namespace dgram {

// False for senders an echo would loop with: the listener's own port (its
// own echo coming back, or a second echo server on the same port), port 0,
// and the classic UDP services that answer every datagram (echo 7, daytime
// 13, qotd 17, chargen 19, time 37), as inetd refuses them.
bool may_echo_to(const net::Endpoint& sender, std::uint16_t own_port);

}  // namespace dgram
