// A host as the user typed it (brackets allowed) to the endpoint to use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {

// The first address of `typed_host` (a name, an IPv4 literal, an IPv6 literal
// with or without brackets) in the family `-4`/`-6` asks for. A host that has
// addresses, only none of the asked family, is a usage error naming `what`
// (e.g. "HOST", "--bind"); one that has none is resolve_failed.
Result<net::Endpoint> resolve_host(const std::string& typed_host, std::uint16_t port,
                                   net::FamilyPreference preference, bool passive,
                                   std::string_view what);

// The same, every address of the host in the resolver's order of preference.
Result<std::vector<net::Endpoint>> resolve_host_addresses(const std::string& typed_host,
                                                          std::uint16_t port,
                                                          net::FamilyPreference preference,
                                                          bool passive, std::string_view what);

}  // namespace dgram
