// `send -b/--bind ADDR[:PORT]` and `-p/--source-port`: where datagrams leave from.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {

struct SourceAddress {
  std::optional<net::Endpoint> address;  // none: the OS picks
  std::uint16_t port = 0;                // 0: the OS picks
};

// "192.0.2.5", "192.0.2.5:4000", "[2001:db8::5]:4000", "2001:db8::5",
// "[::1]", ":4000". The address is numeric: it names this host's own.
Result<SourceAddress> parse_local_address(std::string_view text);

}  // namespace dgram
