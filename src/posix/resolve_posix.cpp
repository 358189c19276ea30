#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <memory>

#include <fmt/format.h>

#include "common/net.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"

namespace dgram::net {

namespace {

Result<std::vector<Endpoint>> look_up(const std::string& host, std::uint16_t port,
                                      FamilyPreference preference, int flags) {
  const auto hints = bsd::udp_hints<addrinfo>(preference, flags);
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int status = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (status != 0) {
    return Error{ErrorKind::resolve_failed,
                 fmt::format("cannot resolve '{}'{}: {}", host, bsd::family_words(preference),
                             status == EAI_SYSTEM ? "system error" : gai_strerror(status))};
  }
  const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, freeaddrinfo);
  return bsd::endpoints_of(found, host, preference);
}

}  // namespace

Result<std::vector<Endpoint>> resolve(const std::string& host, std::uint16_t port,
                                      FamilyPreference preference, bool passive) {
  return look_up(host, port, preference, passive ? AI_PASSIVE : 0);
}

std::optional<Endpoint> parse_address(const std::string& text) {
  return bsd::parse_address(text, [](const std::string& scoped) {
    return look_up(scoped, 0, FamilyPreference::ipv6_only, AI_NUMERICHOST);
  });
}

Result<std::uint32_t> interface_index(const std::string& name, Family) {
  const unsigned index = if_nametoindex(name.c_str());
  if (index == 0) {
    // One command lists the interfaces of both families, with their indexes.
#ifdef __linux__
    constexpr const char* list = "`ip link`";
#else
    constexpr const char* list = "`ifconfig`";
#endif
    return Error{ErrorKind::usage,
                 fmt::format("no network interface is called '{}' (see {})", name, list)};
  }
  return index;
}

const char* interface_name_example() {
#ifdef __linux__
  return "eth0";
#else
  return "en0";
#endif
}

std::string address_text(const Endpoint& endpoint) {
  char text[INET6_ADDRSTRLEN + IF_NAMESIZE + 2] = {};
  inet_ntop(bsd::address_family(endpoint.family), endpoint.address.data(), text, sizeof text);
  std::string result(text);
  if (endpoint.family == Family::ipv6 && endpoint.scope_id != 0) {
    char name[IF_NAMESIZE] = {};
    result += '%';
    result += if_indextoname(endpoint.scope_id, name) ? name : std::to_string(endpoint.scope_id);
  }
  return result;
}

}  // namespace dgram::net
