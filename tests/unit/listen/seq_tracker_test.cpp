// listen --stats per sender: the counts' definitions (README, "Loss,
// reordering and jitter") and RFC 3550's jitter, on made-up arrivals.
#include "common/listen/seq_tracker.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

constexpr std::int64_t ms = 1'000'000;

TEST(SeqTracker, InOrderHasNothingToReport) {
  SeqTracker tracker;
  for (std::int64_t i = 0; i < 10; ++i) {
    tracker.heard(static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(i * 20 * ms),
                  5 * ms + i * 20 * ms);
  }
  const SeqCounts counts = tracker.counts();
  EXPECT_EQ(counts.received, 10u);
  EXPECT_EQ(counts.lost, 0u);
  EXPECT_EQ(counts.reordered, 0u);
  EXPECT_EQ(counts.duplicated, 0u);
  EXPECT_EQ(counts.late, 0u);
  EXPECT_DOUBLE_EQ(counts.jitter_ms, 0.0);
}

TEST(SeqTracker, LossReorderDuplicate) {
  SeqTracker tracker;
  for (const std::uint64_t seq : {5u, 6u, 8u, 7u, 7u, 4u, 11u}) tracker.heard(seq, 0, 0);
  const SeqCounts counts = tracker.counts();
  EXPECT_EQ(counts.received, 7u);
  EXPECT_EQ(counts.lost, 2u);       // 9 and 10; counting starts at the lowest heard (4)
  EXPECT_EQ(counts.reordered, 2u);  // 7 after 8, 4 after 7
  EXPECT_EQ(counts.duplicated, 1u);
}

TEST(SeqTracker, LateIsBeyondTheWindowAndStaysLost) {
  SeqTracker tracker;
  tracker.heard(0, 0, 0);
  tracker.heard(2, 0, 0);
  tracker.heard(2 + seq_window, 0, 0);
  tracker.heard(1, 0, 0);  // more than seq_window behind the highest: late
  tracker.heard(3 + seq_window, 0, 0);
  tracker.heard(4, 0, 0);  // just within: reordered
  const SeqCounts counts = tracker.counts();
  EXPECT_EQ(counts.late, 1u);
  EXPECT_EQ(counts.reordered, 1u);
  EXPECT_EQ(counts.lost, 4 + seq_window - 5);
}

TEST(SeqTracker, JitterIsRfc3550) {
  // Transit times 10, 14, 10, 16 ms: |D| = 4, 4, 6.
  SeqTracker tracker;
  const std::int64_t transit[] = {10, 14, 10, 16};
  for (std::uint64_t i = 0; i < 4; ++i) {
    const auto sent = static_cast<std::int64_t>(i) * 20 * ms;
    tracker.heard(i, static_cast<std::uint64_t>(sent), sent + transit[i] * ms);
  }
  double j = 0;
  for (const double d : {4.0, 4.0, 6.0}) j += (d - j) / 16;
  EXPECT_NEAR(tracker.counts().jitter_ms, j, 1e-9);
}

TEST(SeqTracker, TwoInARowFarBehindAreARestart) {
  SeqTracker tracker;
  for (std::uint64_t seq = 0; seq < 3000; ++seq) {
    if (seq != 100) tracker.heard(seq, 0, 0);  // 100 lost in the first run
  }
  tracker.heard(0, 0, 0);  // late, or a new run: one is not enough to tell
  EXPECT_EQ(tracker.counts().late, 1u);
  tracker.heard(1, 0, 0);
  tracker.heard(3, 0, 0);
  const SeqCounts counts = tracker.counts();
  EXPECT_EQ(counts.restarts, 1u);
  EXPECT_EQ(counts.late, 0u);
  EXPECT_EQ(counts.lost, 2u);  // 100 of the first run, 2 of the second
  EXPECT_EQ(counts.received, 3002u);
}

}  // namespace
}  // namespace dgram
