// Standard base64 (RFC 4648, with padding) for binary payloads in JSON.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace dgram {

void append_base64(std::string& out, std::span<const std::byte> bytes);

}  // namespace dgram
