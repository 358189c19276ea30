// `dgram listen --watch DURATION`: which senders have gone quiet.
#pragma once

#include <chrono>
#include <cstddef>

namespace dgram {

// Senders the table keeps at most (--watch-senders); the least recently
// heard gives way to a new one, and is counted as evicted.
inline constexpr std::size_t default_watch_senders = 10'000;
inline constexpr std::size_t max_watch_senders = 1'000'000;

struct WatchOptions {
  std::chrono::milliseconds quiet_after{0};  // DURATION
  bool by_endpoint = false;                  // --watch-key endpoint: address and port
  std::size_t senders = default_watch_senders;
};

}  // namespace dgram
