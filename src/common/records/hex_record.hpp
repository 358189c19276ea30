// The hex output format: a header line, then a `hexdump -C` style dump.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "common/net.hpp"

namespace dgram {

// Appends a whole hex record: "SENDER SIZE bytes" ("[truncated: N shown]"
// when cut, then "[note]" when there is one), then the dump of the shown
// bytes.
void append_hex_record(std::string& out, const net::Endpoint& from,
                       std::span<const std::byte> shown, std::size_t true_size,
                       std::string_view note = {});

// The header line alone: the same for every datagram of one size from one
// sender.
void append_hex_head(std::string& out, const net::Endpoint& from, std::size_t shown_size,
                     std::size_t true_size, std::string_view note = {});

// Appends lines of 16 bytes: offset (8 hex digits: a dump is of one
// datagram, under 64 KiB), hex bytes in two groups of 8, and the printable
// ASCII between bars (other bytes as '.').
// Whole lines with the CPU's byte shuffles where it has them
// (common/records/hex_lines.hpp).
void append_hex_dump(std::string& out, std::span<const std::byte> bytes);

// The same dump written byte by byte on every CPU: what the tests compare
// append_hex_dump with.
void append_hex_dump_byte_at_a_time(std::string& out, std::span<const std::byte> bytes);

}  // namespace dgram
