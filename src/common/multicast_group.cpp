#include "common/multicast_group.hpp"

#include <charconv>

#include <fmt/format.h>

#include "common/address_syntax.hpp"
#include "common/endpoint.hpp"
#include "common/parse.hpp"

namespace dgram {

Result<net::MulticastGroup> parse_multicast_group(std::string_view text) {
  if (text.empty()) {
    return usage_error(
        fmt::format("--join is empty; give a multicast group (239.1.2.3, ff02::123@{})",
                    net::interface_name_example()));
  }
  const std::size_t at = text.find('@');
  const AddressAndPort split = split_address_port(text.substr(0, at));
  if (split.port && !split.unbalanced) {
    return usage_error(fmt::format(
        "invalid --join '{}': a group has no port; the port is listen's PORT argument", text));
  }
  const std::string group_text = strip_brackets(text.substr(0, at));
  if (group_text.find('%') != std::string::npos) {
    if (auto scoped = check_scope(group_text, "--join"); !scoped) return scoped.take_error();
  }
  const auto group = net::parse_address(group_text);
  if (!group || !is_multicast(*group) || is_mapped(*group)) {
    return usage_error(fmt::format(
        "invalid --join '{}': use a multicast address (224.0.0.0/4 or ff00::/8), optionally "
        "@INTERFACE",
        text));
  }
  net::MulticastGroup result;
  result.group = *group;
  if (at == std::string_view::npos) return result;
  const std::string local(text.substr(at + 1));
  if (local.empty()) {
    return usage_error(fmt::format(
        "invalid --join '{}': name the interface after '@' ({}, its index, or for IPv4 its "
        "address), or leave out the '@'",
        text, net::interface_name_example()));
  }
  if (const auto address = net::parse_address(local)) {
    if (address->family != net::Family::ipv4 || group->family != net::Family::ipv4) {
      return usage_error(fmt::format(
          "invalid --join '{}': an interface address works for IPv4 groups only; name the "
          "interface ({}) or its index instead",
          text, net::interface_name_example()));
    }
    result.interface_address = *address;
    return result;
  }
  if (!local.empty() && local.find_first_not_of("0123456789") == std::string::npos) {
    std::uint32_t number = 0;
    const auto [end, error] = std::from_chars(local.data(), local.data() + local.size(), number);
    if (error != std::errc() || end != local.data() + local.size()) {
      return usage_error(
          fmt::format("invalid --join '{}': no interface has index {}", text, local));
    }
    result.interface_index = number;
    return result;
  }
  auto index = net::interface_index(local, group->family);
  if (!index) {
    return usage_error(fmt::format("invalid --join '{}': {}", text, index.error().message));
  }
  result.interface_index = *index;
  return result;
}

Result<std::vector<net::MulticastGroup>> parse_multicast_groups(
    const std::vector<std::string>& texts) {
  std::vector<net::MulticastGroup> groups;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto group = parse_multicast_group(texts[i]);
    if (!group) return group.take_error();
    for (std::size_t earlier = 0; earlier < i; ++earlier) {
      const net::MulticastGroup& seen = groups[earlier];
      if (seen.group == group->group && seen.interface_index == group->interface_index &&
          seen.interface_address == group->interface_address) {
        return usage_error(fmt::format(
            "--join {} is given twice{}; join each group once per interface", texts[i],
            texts[earlier] == texts[i] ? "" : fmt::format(" (first as {})", texts[earlier])));
      }
    }
    groups.push_back(*group);
  }
  return groups;
}

}  // namespace dgram
