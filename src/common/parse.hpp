// Parsing of command-line values. Each failure is a usage Error whose message
// names the bad value and what is expected instead.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dgram {

// A port number 1-65535, or 0-65535 when `allow_zero` (listen: 0 = ephemeral).
Result<std::uint16_t> parse_port(std::string_view text, bool allow_zero);

// "500ms", "2s", "1.5", "1m", "0.25ms": a bare number is seconds. Exact to
// the nanosecond (a finer value is refused, never rounded); more than 0, at
// most 366 days. For --interval.
Result<std::chrono::nanoseconds> parse_duration(std::string_view text, std::string_view option);

// A duration that is a whole number of milliseconds, the resolution of the
// waits it bounds ("1.5s" is 1500 ms; "0.5ms" is refused). For --timeout.
Result<std::chrono::milliseconds> parse_timeout(std::string_view text, std::string_view option);

// A positive whole number (sizes, counts, rates).
Result<std::uint64_t> parse_positive(std::string_view text, std::string_view option);

// A host as typed: "[::1]" loses its brackets, everything else is kept.
std::string strip_brackets(std::string_view host);

}  // namespace dgram
