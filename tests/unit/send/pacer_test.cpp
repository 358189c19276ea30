#include "common/send/pacer.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

using namespace std::chrono_literals;

TEST(Pacer, DueTimesArePeriodsApartFromTheFirst) {
  Pacer pacer(10ms);
  const auto start = Pacer::Clock::time_point{} + 1h;
  EXPECT_EQ(pacer.next_due(start), start);
  EXPECT_EQ(pacer.next_due(start + 1ms), start + 10ms);
  // A late wake-up does not shift the schedule: the next is still on time.
  EXPECT_EQ(pacer.next_due(start + 13ms), start + 20ms);
}

TEST(Pacer, SmallLagIsMadeUpSoTheAverageRateHolds) {
  Pacer pacer(10us);  // 100,000 per second, finer than many OS sleeps
  const auto start = Pacer::Clock::time_point{} + 1h;
  pacer.next_due(start);
  // 15 ms late (a Windows timer tick): every missed datagram is due at once.
  const auto late = start + 15ms;
  EXPECT_EQ(pacer.next_due(late), start + 10us);
  EXPECT_EQ(pacer.next_due(late), start + 20us);
}

TEST(Pacer, AStallStartsAfreshInsteadOfBursting) {
  Pacer pacer(1s);
  const auto start = Pacer::Clock::time_point{} + 1h;
  pacer.next_due(start);
  const auto resumed = start + 4s;  // input paused for 4 s
  EXPECT_EQ(pacer.next_due(resumed), resumed);
  EXPECT_EQ(pacer.next_due(resumed), resumed + 1s);
}

TEST(Pacer, ZeroPeriodIsAlwaysNow) {
  Pacer pacer(0ns);
  const auto now = Pacer::Clock::time_point{} + 5s;
  EXPECT_EQ(pacer.next_due(now), now);
  EXPECT_EQ(pacer.next_due(now), now);
}

}  // namespace
}  // namespace dgram
