// `send --hex`: payloads typed as hex digits.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dgram {

// "48 65 6c 6c 6f", "48656c6c6f", "48:65:6C": pairs of hex digits; spaces,
// tabs, line breaks and colons between bytes are ignored. A bad character or
// an odd number of digits is a usage error naming the position (1-based).
Result<std::vector<std::byte>> parse_hex(std::string_view text);

}  // namespace dgram
