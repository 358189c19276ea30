#include "win32/winsock_headers.hpp"

#include <initializer_list>
#include <memory>

#include <fmt/format.h>

#include "common/net.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"
#include "win32/utf16.hpp"
#include "win32/win32_error.hpp"

namespace dgram::net {

namespace {

// `host` as getaddrinfo is to see it; `shown` as the user gave it.
Result<std::vector<Endpoint>> look_up(const std::string& host, const std::string& shown,
                                      std::uint16_t port, FamilyPreference preference, int flags) {
  const auto hints = bsd::udp_hints<ADDRINFOW>(preference, flags);
  ADDRINFOW* found = nullptr;
  // The wide API takes any host name, whatever the ANSI code page.
  const int status =
      GetAddrInfoW(win32::to_utf16(host).c_str(), std::to_wstring(port).c_str(), &hints, &found);
  if (status != 0) {
    Error error = win32::winsock_error(
        status, fmt::format("cannot resolve '{}'{}", shown, bsd::family_words(preference)));
    error.kind = ErrorKind::resolve_failed;
    return error;
  }
  const std::unique_ptr<ADDRINFOW, decltype(&FreeAddrInfoW)> owner(found, FreeAddrInfoW);
  return bsd::endpoints_of(found, shown, preference);
}

// Windows' getaddrinfo knows a scope by its number only: a name
// (fe80::1%Ethernet) becomes the interface's index first. A name no
// interface has is left for getaddrinfo to refuse.
std::string with_numeric_scope(const std::string& host) {
  const std::size_t percent = host.find('%');
  if (percent == std::string::npos) return host;
  const std::string scope = host.substr(percent + 1);
  if (scope.empty() || scope.find_first_not_of("0123456789") == std::string::npos) return host;
  auto index = interface_index(scope, Family::ipv6);
  if (!index) return host;
  return host.substr(0, percent + 1) + std::to_string(*index);
}

}  // namespace

Result<std::vector<Endpoint>> resolve(const std::string& host, std::uint16_t port,
                                      FamilyPreference preference, bool passive) {
  return look_up(with_numeric_scope(host), host, port, preference, passive ? AI_PASSIVE : 0);
}

std::optional<Endpoint> parse_address(const std::string& text) {
  return bsd::parse_address(text, [](const std::string& scoped) {
    return look_up(with_numeric_scope(scoped), scoped, 0, FamilyPreference::ipv6_only,
                   AI_NUMERICHOST);
  });
}

Result<std::uint32_t> interface_index(const std::string& name, Family family) {
  // Users know an interface by its alias (Ethernet, Wi-Fi: what the
  // Settings app, Get-NetAdapter and netsh show); if_nametoindex knows only
  // the interface name (ethernet_32768), which is taken too.
  const std::wstring wide = win32::to_utf16(name);
  for (const auto convert : {&ConvertInterfaceAliasToLuid, &ConvertInterfaceNameToLuidW}) {
    NET_LUID luid{};
    NET_IFINDEX index = 0;
    if (!wide.empty() && convert(wide.c_str(), &luid) == NO_ERROR &&
        ConvertInterfaceLuidToIndex(&luid, &index) == NO_ERROR && index != 0) {
      return static_cast<std::uint32_t>(index);
    }
  }
  return Error{ErrorKind::usage,
               fmt::format("no network interface is called '{}' (give its name as "
                           "`netsh interface show interface` lists it, or its index from "
                           "`netsh interface {} show interfaces`)",
                           name, family == Family::ipv4 ? "ipv4" : "ipv6")};
}

// The alias Windows gives a wired interface, as the Settings app shows it.
const char* interface_name_example() { return "Ethernet"; }

std::string address_text(const Endpoint& endpoint) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(bsd::address_family(endpoint.family), endpoint.address.data(), text, sizeof text);
  std::string result(text);
  // Windows users name interfaces by index (fe80::1%12).
  if (endpoint.family == Family::ipv6 && endpoint.scope_id != 0) {
    result += '%' + std::to_string(endpoint.scope_id);
  }
  return result;
}

}  // namespace dgram::net
