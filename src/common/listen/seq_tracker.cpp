#include "common/listen/seq_tracker.hpp"

#include <cmath>

namespace dgram {

void SeqTracker::heard(std::uint64_t sequence, std::uint64_t sent_ns, std::int64_t arrived_ns) {
  ++counts_.received;
  // RFC 3550 §6.4.1, in the order datagrams arrive: D is the difference of
  // their transit times, J += (|D| - J) / 16.
  if (any_) {
    const double d = static_cast<double>(arrived_ns - last_arrived_ns_) -
                     (static_cast<double>(sent_ns) - static_cast<double>(last_sent_ns_));
    jitter_ns_ += (std::fabs(d) - jitter_ns_) / 16.0;
  }
  last_sent_ns_ = sent_ns;
  last_arrived_ns_ = arrived_ns;
  if (!any_) {
    any_ = true;
    lowest_ = highest_ = sequence;
    distinct_ = 1;
    seen_.set(sequence % seq_window);
    return;
  }
  if (sequence > highest_) {
    advance_to(sequence);
    ++distinct_;
    seen_.set(sequence % seq_window);
    return;
  }
  if (highest_ - sequence >= seq_window) {
    // Two numbers in a row that far behind: the sender started over
    // (RFC 3550 A.1 waits for two in a row the same way).
    if (last_late_ && *last_late_ + 1 == sequence) {
      restart(sequence);
      return;
    }
    last_late_ = sequence;
    ++counts_.late;
    return;
  }
  if (seen(sequence)) {
    ++counts_.duplicated;
    return;
  }
  ++counts_.reordered;
  ++distinct_;
  seen_.set(sequence % seq_window);
  if (sequence < lowest_) lowest_ = sequence;
}

// Forgets what falls out of the window as the highest moves on.
void SeqTracker::advance_to(std::uint64_t sequence) {
  if (sequence - highest_ >= seq_window) {
    seen_.reset();
  } else {
    for (std::uint64_t next = highest_ + 1; next <= sequence; ++next)
      seen_.reset(next % seq_window);
  }
  highest_ = sequence;
}

// The run before counts as it stood; the new one began one number before
// `sequence`, whose datagram was counted late.
void SeqTracker::restart(std::uint64_t sequence) {
  lost_before_ += highest_ - lowest_ + 1 - distinct_;
  --counts_.late;
  ++counts_.restarts;
  last_late_.reset();
  seen_.reset();
  lowest_ = sequence - 1;
  highest_ = sequence;
  distinct_ = 2;
  seen_.set(lowest_ % seq_window);
  seen_.set(sequence % seq_window);
}

SeqCounts SeqTracker::counts() const {
  SeqCounts counts = counts_;
  counts.lost = lost_before_ + (any_ ? highest_ - lowest_ + 1 - distinct_ : 0);
  counts.jitter_ms = jitter_ns_ / 1e6;
  return counts;
}

}  // namespace dgram
