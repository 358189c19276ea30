#include "common/limits.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/endpoint.hpp"

namespace dgram {

std::size_t max_payload(net::Family family) {
  return family == net::Family::ipv4 ? max_ipv4_payload : max_ipv6_payload;
}

namespace {

// `why` explains the family when the address alone does not show it.
Status check_ceiling(std::uint64_t max_size, net::Family family, std::string_view why) {
  const std::size_t ceiling = max_payload(family);
  if (max_size > ceiling) {
    return usage_error(
        fmt::format("--max-size {} is over the {} limit of {} bytes{}; use at most {}", max_size,
                    family == net::Family::ipv4 ? "IPv4" : "IPv6", ceiling, why, ceiling));
  }
  return {};
}

}  // namespace

Status check_max_size(std::uint64_t max_size, net::Family family) {
  return check_ceiling(max_size, family, "");
}

Status check_max_size(std::uint64_t max_size, const net::Endpoint& peer) {
  if (!is_mapped(peer)) return check_ceiling(max_size, peer.family, "");
  return check_ceiling(
      max_size, net::Family::ipv4,
      fmt::format(" ({} is an IPv4 address mapped into IPv6)", net::address_text(peer)));
}

Status check_payload_fits(std::size_t payload_size, std::size_t max_size, std::string_view what,
                          std::string_view consequence) {
  if (payload_size > max_size) {
    return usage_error(fmt::format(
        "{} is {} bytes, over the limit of {} byte{}; raise --max-size or split it with --chunk "
        "({})",
        what, payload_size, max_size, max_size == 1 ? "" : "s", consequence));
  }
  return {};
}

std::vector<std::span<const std::byte>> split_into_chunks(std::span<const std::byte> payload,
                                                          std::size_t max_size) {
  std::vector<std::span<const std::byte>> chunks;
  if (payload.empty() || max_size == 0) {
    chunks.push_back(payload);
    return chunks;
  }
  chunks.reserve((payload.size() + max_size - 1) / max_size);
  for (std::size_t offset = 0; offset < payload.size(); offset += max_size) {
    chunks.push_back(payload.subspan(offset, std::min(max_size, payload.size() - offset)));
  }
  return chunks;
}

}  // namespace dgram
