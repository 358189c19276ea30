#include "common/resolve_host.hpp"

#include <fmt/format.h>

#include "common/parse.hpp"

namespace dgram {
namespace {

bool accepts(net::FamilyPreference preference, net::Family family) {
  switch (preference) {
    case net::FamilyPreference::ipv4_only:
      return family == net::Family::ipv4;
    case net::FamilyPreference::ipv6_only:
      return family == net::Family::ipv6;
    case net::FamilyPreference::any:
      return true;
  }
  return false;
}

}  // namespace

Result<net::Endpoint> resolve_host(const std::string& typed_host, std::uint16_t port,
                                   net::FamilyPreference preference, bool passive,
                                   std::string_view what) {
  auto addresses = resolve_host_addresses(typed_host, port, preference, passive, what);
  if (!addresses) return addresses.take_error();
  return addresses->front();
}

Result<std::vector<net::Endpoint>> resolve_host_addresses(const std::string& typed_host,
                                                          std::uint16_t port,
                                                          net::FamilyPreference preference,
                                                          bool passive, std::string_view what) {
  const std::string host = strip_brackets(typed_host);
  // A literal address of the family asked for is what the resolver would
  // give back, without running it: a one-shot send to an IP address then
  // never touches the resolver's code (its start-up, README "Start-up").
  if (auto literal = net::parse_address(host); literal && accepts(preference, literal->family)) {
    literal->port = port;
    return std::vector<net::Endpoint>{*literal};
  }
  auto resolved = net::resolve(host, port, preference, passive);
  if (resolved) return resolved;
  if (preference != net::FamilyPreference::any &&
      net::resolve(host, port, net::FamilyPreference::any, passive)) {
    const bool ipv4 = preference == net::FamilyPreference::ipv4_only;
    return usage_error(fmt::format("{} {} has no {} address, but {} was given", what, typed_host,
                                   ipv4 ? "IPv4" : "IPv6", ipv4 ? "-4" : "-6"));
  }
  return resolved.take_error();
}

}  // namespace dgram
