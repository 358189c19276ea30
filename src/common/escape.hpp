// Making untrusted payload bytes safe to print on one terminal line.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace dgram {

// Appends `bytes` to `out` so that a hostile sender can neither drive the
// terminal nor break the line: valid UTF-8 text is kept as is, while control
// bytes, C1 controls, bidirectional overrides and line separators, invalid
// UTF-8 and the backslash itself are escaped (\n \r \t \\ \xNN \uNNNN).
void append_escaped(std::string& out, std::span<const std::byte> bytes);

// Whether `bytes` is well-formed UTF-8 (no overlongs, surrogates or values
// past U+10FFFF).
bool is_valid_utf8(std::span<const std::byte> bytes);

}  // namespace dgram
