// `listen --join GROUP[@INTERFACE]`: which multicast groups to receive.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {

// "239.1.2.3", "ff02::123@eth0", "239.1.2.3@192.0.2.10", "ff05::1@3": a
// multicast address, optionally with the interface to join on (a name, an
// index, or for IPv4 groups the interface's IPv4 address). Anything else is a
// usage error.
Result<net::MulticastGroup> parse_multicast_group(std::string_view text);

// Every --join as given, in order; the same group on the same interface
// twice (also spelled differently: @lo and @1) is a usage error, which the
// OS would report as "address in use".
Result<std::vector<net::MulticastGroup>> parse_multicast_groups(
    const std::vector<std::string>& texts);

}  // namespace dgram
