// Printing endpoints the way users read them: "1.2.3.4:53", "[::1]:53".
#pragma once

#include <string>

#include "common/endpoint.hpp"
#include "common/net.hpp"

namespace dgram {

// "ADDR:PORT" for IPv4, "[ADDR]:PORT" for IPv6.
std::string endpoint_text(const net::Endpoint& endpoint);

// Appends "ADDR:PORT" or "[ADDR]:PORT" like endpoint_text, without building
// it again when the endpoint is the last one asked for (per thread).
void append_endpoint_text(std::string& out, const net::Endpoint& endpoint);

// net::address_text, remembered for the last address asked for (per thread).
const std::string& remembered_address_text(const net::Endpoint& endpoint);

}  // namespace dgram
