// `dgram listen --forward HOST:PORT`: where a relay sends what it hears, and
// how long and how many clients it keeps.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dgram {

inline constexpr std::chrono::milliseconds default_forward_idle{60'000};
inline constexpr std::size_t default_forward_clients = 1024;
// One socket per client: the ceiling keeps the relay within what every OS
// lets a process wait on and hold.
inline constexpr std::size_t max_forward_clients = 1024;
// --forward-budget: bytes a second each client address may get back beyond
// what it sent (relay_budget.hpp). 32 KiB/s carries DNS, game and telemetry
// answers at their usual pace; a flood of small forged requests gets back
// little more than it sent.
inline constexpr std::uint64_t default_forward_budget = 32 * 1024;
inline constexpr std::uint64_t max_forward_budget = std::uint64_t{1} << 30;

struct ForwardOptions {
  std::string host;  // as typed, without brackets: resolved once at start
  std::uint16_t port = 0;
  std::chrono::milliseconds idle = default_forward_idle;         // --forward-idle
  std::size_t clients = default_forward_clients;                 // --forward-clients
  std::optional<std::uint64_t> budget = default_forward_budget;  // nothing: --forward-budget off
};

// "collector:514", "192.0.2.7:514", "[::1]:514", "[fe80::1%eth0]:514". A
// missing or bad port, a bare IPv6 address (it needs brackets to carry a
// port) and an empty host are usage errors.
Result<ForwardOptions> parse_forward_target(std::string_view text);

}  // namespace dgram
