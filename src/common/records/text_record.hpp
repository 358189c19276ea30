// The text output format: one line per datagram, "SENDER PAYLOAD".
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "common/net.hpp"

namespace dgram {

// Appends one record for a datagram of `true_size` bytes from `from` of which
// `shown` is the part within --max-size. A cut record has a marker between
// sender and payload that gives both sizes; a `note` comes there too, as
// "[note] ".
void append_text_record(std::string& out, const net::Endpoint& from,
                        std::span<const std::byte> shown, std::size_t true_size,
                        std::string_view note = {});

// The two parts of a text record. The head, everything before the payload,
// is the same for every datagram of one size from one sender; the payload
// part ends the line.
void append_text_head(std::string& out, const net::Endpoint& from, std::size_t shown_size,
                      std::size_t true_size, std::string_view note = {});
void append_text_payload(std::string& out, std::span<const std::byte> shown);

}  // namespace dgram
