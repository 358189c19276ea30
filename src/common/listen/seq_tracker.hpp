// What `listen --stats` works out for one sender from the sequence header
// (seq_header.hpp) of each datagram: loss, reordering, duplicates, late
// arrivals and the interarrival jitter of RFC 3550 §6.4.1.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>

namespace dgram {

// The sequence numbers behind the highest one heard that are remembered:
// one further behind is "late", too late to be told from a duplicate.
inline constexpr std::uint64_t seq_window = 1024;

struct SeqCounts {
  std::uint64_t received = 0;    // datagrams with the header
  std::uint64_t lost = 0;        // highest - lowest + 1 - distinct
  std::uint64_t reordered = 0;   // lower than the highest heard before it
  std::uint64_t duplicated = 0;  // its number heard already
  std::uint64_t late = 0;        // more than seq_window behind the highest
  std::uint64_t restarts = 0;    // runs restarted from the same port
  double jitter_ms = 0;          // RFC 3550 interarrival jitter
};

class SeqTracker {
 public:
  // A datagram with `sequence` sent at `sent_ns` (the sender's clock) that
  // arrived at `arrived_ns` (the listener's monotonic clock).
  void heard(std::uint64_t sequence, std::uint64_t sent_ns, std::int64_t arrived_ns);
  SeqCounts counts() const;

 private:
  bool seen(std::uint64_t sequence) const { return seen_[sequence % seq_window]; }
  void advance_to(std::uint64_t sequence);
  void restart(std::uint64_t sequence);

  SeqCounts counts_;
  bool any_ = false;
  std::uint64_t lowest_ = 0;
  std::uint64_t highest_ = 0;
  std::uint64_t distinct_ = 0;
  std::uint64_t lost_before_ = 0;  // in runs before a restart
  std::optional<std::uint64_t> last_late_;
  std::bitset<seq_window> seen_;  // for (highest - seq_window, highest]
  std::uint64_t last_sent_ns_ = 0;
  std::int64_t last_arrived_ns_ = 0;
  double jitter_ns_ = 0;
};

}  // namespace dgram
