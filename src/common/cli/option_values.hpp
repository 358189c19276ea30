// What the options of both commands share. Values are taken as text and
// checked by dgram's own parsers, so that every bad value gets the same kind
// of message: what is wrong and what to use.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "common/net.hpp"
#include "common/records/output_format.hpp"
#include "common/result.hpp"

namespace dgram {

inline constexpr const char* format_option_help =
    "output format: text (one escaped line per datagram), hex (hexdump -C), json (JSON Lines), "
    "raw (payload bytes only)";

// A usage error found in the values of `command` ("listen", "send") ends,
// like those CLI11 finds, pointing to the command's help; other kinds are
// returned as they are.
Error pointing_to_help(Error error, std::string_view command);

// -4 / -6 (CLI11 already refuses both together).
net::FamilyPreference family_preference(bool ipv4, bool ipv6);

// -m/--max-size; absent: the default. The family's own ceiling is checked
// once the family is known.
Result<std::size_t> parse_max_size(const std::optional<std::string>& text);

// -f/--format with --timestamps, which raw output cannot carry.
Result<RecordStyle> parse_record_style(std::string_view format, bool timestamps);

}  // namespace dgram
