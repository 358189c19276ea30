// Numbers in records, written without a format string: a record per
// datagram makes this a hot path.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>

namespace dgram {

// Appends `value` in decimal, as fmt's "{}" writes it.
inline void append_decimal(std::string& out, std::uint64_t value) {
  char digits[20];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

}  // namespace dgram
