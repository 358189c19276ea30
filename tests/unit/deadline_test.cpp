#include "common/deadline.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace dgram {
namespace {

using namespace std::chrono;

TEST(Deadline, MillisecondsLeftRoundUpNeverBelowZeroAndAtMostTheLongestWait) {
  const steady_clock::time_point now{hours(1)};
  EXPECT_EQ(milliseconds_left(now + microseconds(1), now), milliseconds(1));
  EXPECT_EQ(milliseconds_left(now + microseconds(1500), now), milliseconds(2));
  EXPECT_EQ(milliseconds_left(now + milliseconds(7), now), milliseconds(7));
  EXPECT_EQ(milliseconds_left(now, now), milliseconds(0));
  EXPECT_EQ(milliseconds_left(now - seconds(5), now), milliseconds(0));
  EXPECT_EQ(milliseconds_left(now + hours(24 * 400), now), longest_wait);
  EXPECT_EQ(milliseconds_left(steady_clock::time_point::max(), now), longest_wait);
}

TEST(Deadline, NoDeadlineWaitsForEverAsPollReadsIt) {
  EXPECT_EQ(wait_milliseconds(std::nullopt), -1);
  EXPECT_EQ(wait_milliseconds(steady_clock::now() - seconds(1)), 0);
  const int soon = wait_milliseconds(steady_clock::now() + seconds(10));
  EXPECT_GT(soon, 9000);
  EXPECT_LE(soon, 10000);
  EXPECT_EQ(wait_milliseconds(steady_clock::time_point::max()),
            static_cast<int>(longest_wait.count()));
}

TEST(Deadline, TheInterruptedErrorExitsWith130) {
  EXPECT_EQ(interrupted_error().kind, ErrorKind::interrupted);
  EXPECT_EQ(exit_code_for(interrupted_error().kind), exit_interrupted);
}

}  // namespace
}  // namespace dgram
