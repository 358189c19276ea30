#include "common/listen/sender_policy.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "common/address_syntax.hpp"
#include "common/endpoint.hpp"
#include "common/parse.hpp"
#include "common/records/endpoint_text.hpp"

namespace dgram {

bool AddressPrefix::contains(const net::Endpoint& sender) const {
  if (sender.family != family) return false;
  const unsigned whole_bytes = length / 8;
  if (!std::equal(address.begin(), address.begin() + whole_bytes, sender.address.begin())) {
    return false;
  }
  const unsigned rest_bits = length % 8;
  if (rest_bits == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest_bits));
  return (address[whole_bytes] & mask) == (sender.address[whole_bytes] & mask);
}

namespace {

// A rule inside ::ffff:0:0/96 names IPv4 senders (::ffff:127.0.0.1,
// ::ffff:127.0.0.0/104): it becomes the IPv4 rule it means, since senders are
// matched as IPv4. A shorter IPv6 prefix (::/0) stays an IPv6 rule.
AddressPrefix unmap_rule(const AddressPrefix& rule) {
  if (rule.family != net::Family::ipv6 || rule.length < 96) return rule;
  net::Endpoint address;
  address.family = rule.family;
  address.address = rule.address;
  const net::Endpoint plain = unmap(address);
  if (plain.family != net::Family::ipv4) return rule;
  AddressPrefix ipv4;
  ipv4.family = net::Family::ipv4;
  ipv4.address = plain.address;
  ipv4.length = rule.length - 96;
  return ipv4;
}

}  // namespace

Result<AddressPrefix> parse_prefix(std::string_view text) {
  if (text.empty()) {
    return usage_error("--allow is empty; give a sender's address or ADDR/PREFIX (192.0.2.0/24)");
  }
  const std::size_t slash = text.find('/');
  const AddressAndPort split = split_address_port(text.substr(0, slash));
  if (split.port && !split.unbalanced) {
    return usage_error(
        fmt::format("invalid --allow '{}': a rule names addresses, not ports; write --allow {}",
                    text, split.address.empty() ? std::string_view("ADDR") : split.address));
  }
  const std::string address_text = strip_brackets(text.substr(0, slash));
  // A rule ignores the scope; a typo in one is still worth saying.
  if (address_text.find('%') != std::string::npos) {
    if (auto scoped = check_scope(address_text, "--allow"); !scoped) return scoped.take_error();
  }
  const auto address = net::parse_address(address_text);
  if (!address) {
    return usage_error(
        fmt::format("invalid --allow '{}': use an IPv4 or IPv6 address with an optional /PREFIX "
                    "(192.0.2.0/24, 2001:db8::/32)",
                    text));
  }
  AddressPrefix prefix;
  prefix.family = address->family;
  prefix.address = address->address;
  const unsigned bits = address->family == net::Family::ipv4 ? 32 : 128;
  prefix.length = bits;
  if (slash != std::string_view::npos) {
    const std::string_view length_text = text.substr(slash + 1);
    unsigned length = 0;
    const auto [end, error] =
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (length_text.empty() || error != std::errc() ||
        end != length_text.data() + length_text.size() || length > bits) {
      return usage_error(
          fmt::format("invalid --allow '{}': the prefix length must be 0 to {}", text, bits));
    }
    prefix.length = length;
  }
  return unmap_rule(prefix);
}

Result<std::vector<AddressPrefix>> parse_prefixes(const std::vector<std::string>& texts) {
  std::vector<AddressPrefix> rules;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto rule = parse_prefix(texts[i]);
    if (!rule) return rule.take_error();
    for (std::size_t earlier = 0; earlier < i; ++earlier) {
      const AddressPrefix& seen = rules[earlier];
      if (seen.family == rule->family && seen.address == rule->address &&
          seen.length == rule->length) {
        return usage_error(fmt::format(
            "--allow {} is given twice{}; give each rule once", texts[i],
            texts[earlier] == texts[i] ? "" : fmt::format(" (first as {})", texts[earlier])));
      }
    }
    rules.push_back(*rule);
  }
  return rules;
}

bool AllowList::accepts(const net::Endpoint& heard) const {
  if (rules_.empty()) return true;
  // A dual-stack socket hears an IPv4 sender as ::ffff:a.b.c.d; rules see it
  // as the IPv4 address it is.
  const net::Endpoint sender = unmap(heard);
  return std::any_of(rules_.begin(), rules_.end(),
                     [&](const AddressPrefix& rule) { return rule.contains(sender); });
}

bool may_echo_to(const net::Endpoint& sender, std::uint16_t own_port) {
  static constexpr std::array<std::uint16_t, 6> answering_ports{0, 7, 13, 17, 19, 37};
  if (sender.port == own_port) return false;
  return std::find(answering_ports.begin(), answering_ports.end(), sender.port) ==
         answering_ports.end();
}

}  // namespace dgram
