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

TEST(RecentRate, OverTheLastSecondOnATerminal) {
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

TEST(RecentRate, OverTheLastSecondInALog) {
  // A line a second: the rate is the last second's, so it falls to 0 at the
  // first line after the traffic stops, not four seconds later.
  const auto start = RecentRate::Clock::time_point{} + 1h;
  RecentRate rate(start);
  EXPECT_DOUBLE_EQ(rate.update(1000, start + 1s), 1000.0);
  EXPECT_DOUBLE_EQ(rate.update(2000, start + 2s), 1000.0);
  EXPECT_DOUBLE_EQ(rate.update(2500, start + 3s), 500.0);
  EXPECT_DOUBLE_EQ(rate.update(2500, start + 4s), 0.0);
  // A late line: the second and a bit since the one before.
  EXPECT_DOUBLE_EQ(rate.update(2600, start + 5250ms), 80.0);
  // A last line soon after: from the newest update a second old.
  EXPECT_DOUBLE_EQ(rate.update(2650, start + 5500ms), 100.0);
}

StatusText listening() {
  StatusText text;
  text.head = "dgram: listening 1m05s";
  text.add("56,823 datagrams", 10)
      .add("1.2 MiB", 3)
      .add("4,120/s", 6)
      .add("0 truncated", 2)
      .add("at least 56,823 dropped", 9, "56,823+ dropped");
  return text;
}

TEST(FitStatusText, WholeWhenItFits) {
  EXPECT_EQ(listening().whole(),
            "dgram: listening 1m05s: 56,823 datagrams, 1.2 MiB, 4,120/s, 0 truncated, at least "
            "56,823 dropped");
  EXPECT_EQ(fit_status_text(listening(), 200), listening().whole());
  EXPECT_EQ(fit_status_text(listening(), listening().whole().size()), listening().whole());
}

TEST(FitStatusText, DropsWholeFieldsTheLeastImportantFirst) {
  const StatusText text = listening();
  const std::string whole = text.whole();
  // Each width from the whole line down to nothing: every field shown is
  // whole (or its brief words), in order, the line within the width.
  for (std::size_t width = whole.size(); width-- > 0;) {
    const std::string fitted = fit_status_text(text, width);
    EXPECT_LE(fitted.size(), width);
    if (fitted.empty()) {
      EXPECT_LT(width, text.head.size());
      continue;
    }
    EXPECT_TRUE(fitted.starts_with(text.head)) << fitted;
    std::string rest = fitted.substr(text.head.size());
    std::size_t next = 0;
    while (!rest.empty()) {
      const std::string separator = next == 0 && rest.starts_with(": ") ? ": " : ", ";
      ASSERT_TRUE(rest.starts_with(separator)) << fitted;
      rest.erase(0, 2);
      const std::size_t end = rest.find(", ");
      const std::string field = rest.substr(0, end);
      rest = end == std::string::npos ? "" : rest.substr(end);
      while (next < text.fields.size() && text.fields[next].text != field &&
             text.fields[next].brief != field)
        ++next;
      ASSERT_LT(next, text.fields.size()) << "not a whole field: '" << field << "' in " << fitted;
      ++next;
    }
  }
  EXPECT_EQ(fit_status_text(text, 79),
            "dgram: listening 1m05s: 56,823 datagrams, 4,120/s, at least 56,823 dropped");
  EXPECT_EQ(fit_status_text(text, 60), "dgram: listening 1m05s: 56,823 datagrams, 56,823+ dropped");
  EXPECT_EQ(fit_status_text(text, 40), "dgram: listening 1m05s: 56,823 datagrams");
  EXPECT_EQ(fit_status_text(text, 39), "dgram: listening 1m05s");
  EXPECT_EQ(fit_status_text(text, 30), "dgram: listening 1m05s");
  EXPECT_EQ(fit_status_text(text, 21), "");
}

TEST(FitStatusText, EqualImportanceGoesFromTheEnd) {
  StatusText text;
  text.head = "h";
  text.add("aaa", 1).add("bbb", 1).add("ccc", 1);
  EXPECT_EQ(fit_status_text(text, 13), "h: aaa, bbb");
  EXPECT_EQ(fit_status_text(text, 8), "h: aaa");
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
    line.show(StatusText{"first", {{"1 datagram", 10, ""}}}, start + 1s);
    EXPECT_EQ(line.next_update(), start + 2s);
    erase_status_line();  // nothing to take back from a file
    line.show(listening(), start + 2s);
    line.conclude(StatusText{"last", {}}, start + 2500ms);
    EXPECT_FALSE(line.active());
  }
  std::rewind(file);
  char text[256] = {};
  const std::size_t got = std::fread(text, 1, sizeof text - 1, file);
  // Never cut to a width in a file.
  EXPECT_EQ(std::string(text, got), "first: 1 datagram\n" + listening().whole() + "\nlast\n");
  std::fclose(file);
}

TEST(StatusLine, ALogEndsWithALastLineUnlessTheWorkWasShort) {
  for (const auto ended :
       {StatusLine::Clock::duration(100ms), StatusLine::Clock::duration(300ms)}) {
    std::FILE* file = std::tmpfile();
    ASSERT_NE(file, nullptr);
    const auto start = StatusLine::Clock::now();
    StatusLine(file, ProgressMode::on, false, start)
        .conclude(StatusText{"last", {}}, start + ended);
    std::rewind(file);
    char text[64] = {};
    const std::size_t got = std::fread(text, 1, sizeof text - 1, file);
    EXPECT_EQ(std::string(text, got), ended < 250ms ? "" : "last\n");
    std::fclose(file);
  }
}

}  // namespace
}  // namespace dgram
