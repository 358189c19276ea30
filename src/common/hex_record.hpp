// The hex output format: a header line, then a `hexdump -C` style dump.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace dgram {

// Appends lines of 16 bytes: offset, hex bytes in two groups of 8, and the
// printable ASCII between bars (other bytes as '.').
void append_hex_dump(std::string& out, std::span<const std::byte> bytes);

}  // namespace dgram
