// The status line's numbers (counts, sizes, durations, the recent rate), and
// that it stays off where it must: --no-progress, and not a terminal without
// --progress (ctest's stderr is a pipe or a file).
#include "common/records/status_line.hpp"

#include <gtest/gtest.h>

#include "common/records/human_units.hpp"

namespace dgram {
namespace {

using namespace std::chrono_literals;

TEST(HumanUnits, Grouped) {
  EXPECT_EQ(grouped(0), "0");
  EXPECT_EQ(grouped(999), "999");
  EXPECT_EQ(grouped(1000), "1,000");
  EXPECT_EQ(grouped(1234567), "1,234,567");
  EXPECT_EQ(grouped(18446744073709551615u), "18,446,744,073,709,551,615");
}

TEST(HumanUnits, Bytes) {
  EXPECT_EQ(human_bytes(0), "0 B");
  EXPECT_EQ(human_bytes(1023), "1023 B");
  EXPECT_EQ(human_bytes(1536), "1.5 KiB");
  EXPECT_EQ(human_bytes(5 * 1024 * 1024), "5.0 MiB");
  EXPECT_EQ(human_bytes(18446744073709551615u), "16.0 EiB");
}

TEST(HumanUnits, DurationsRoundUp) {
  EXPECT_EQ(human_duration(0s), "0s");
  EXPECT_EQ(human_duration(250ms), "1s");
  EXPECT_EQ(human_duration(59s), "59s");
  EXPECT_EQ(human_duration(125s), "2m05s");
  EXPECT_EQ(human_duration(3725s), "1h02m05s");
  EXPECT_EQ(human_duration(std::chrono::duration<double>(-1)), "0s");
  EXPECT_EQ(human_duration(std::chrono::hours(24 * 400)), "over a year");
}

TEST(RecentRate, OverTheLastSecondOrSo) {
  const auto start = RecentRate::Clock::time_point{} + 1h;
  RecentRate rate(start);
  EXPECT_DOUBLE_EQ(rate.update(25, start + 250ms), 100.0);
  EXPECT_DOUBLE_EQ(rate.update(50, start + 500ms), 100.0);
  EXPECT_DOUBLE_EQ(rate.update(75, start + 750ms), 100.0);
  EXPECT_DOUBLE_EQ(rate.update(100, start + 1000ms), 100.0);
  // The start drops out of the window: a pause shows within a second.
  EXPECT_DOUBLE_EQ(rate.update(100, start + 1250ms), 75.0);
  rate.update(100, start + 1500ms);
  rate.update(100, start + 1750ms);
  EXPECT_DOUBLE_EQ(rate.update(100, start + 2250ms), 0.0);
}

TEST(StatusLine, OffUnlessWantedOrForced) {
  // ctest hands tests a pipe or a file for stderr: automatic means off.
  StatusLine automatic(stderr, ProgressMode::automatic, true);
  EXPECT_FALSE(automatic.active());
  StatusLine off(stderr, ProgressMode::off, true);
  EXPECT_FALSE(off.active());
  EXPECT_EQ(off.next_update(), StatusLine::Clock::time_point::max());
}

TEST(StatusLine, ForcedToAFileIsALineASecond) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  const auto start = StatusLine::Clock::now();
  {
    StatusLine line(file, ProgressMode::on, false, start);
    ASSERT_TRUE(line.active());
    EXPECT_EQ(line.next_update(), start + 1s);
    EXPECT_FALSE(line.due(start + 999ms));
    line.show("first", start + 1s);
    EXPECT_EQ(line.next_update(), start + 2s);
    erase_status_line();  // nothing to take back from a file
    line.show("second", start + 2s);
  }
  std::rewind(file);
  char text[64] = {};
  const std::size_t got = std::fread(text, 1, sizeof text - 1, file);
  EXPECT_EQ(std::string(text, got), "first\nsecond\n");
  std::fclose(file);
}

}  // namespace
}  // namespace dgram
