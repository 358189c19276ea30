#include "common/parse.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

TEST(ParsePort, AcceptsTheWholeRange) {
  EXPECT_EQ(*parse_port("1", false), 1);
  EXPECT_EQ(*parse_port("8081", false), 8081);
  EXPECT_EQ(*parse_port("65535", false), 65535);
  EXPECT_EQ(*parse_port("0", true), 0);
}

TEST(ParsePort, RejectsWhatIsNotAPort) {
  for (const char* bad : {"", "0", "65536", "70000", "-1", "+5", "80a", "abc", " 80", "8 0",
                          "99999999999999999999999"}) {
    auto port = parse_port(bad, false);
    ASSERT_FALSE(port.ok()) << bad;
    EXPECT_EQ(port.error().kind, ErrorKind::usage);
    EXPECT_NE(port.error().message.find("1 to 65535"), std::string::npos);
  }
  EXPECT_FALSE(parse_port("65536", true).ok());
}

TEST(ParseDuration, UnitsAndBareSeconds) {
  EXPECT_EQ(*parse_duration("500ms", "-i"), milliseconds(500));
  EXPECT_EQ(*parse_duration("2s", "-i"), milliseconds(2000));
  EXPECT_EQ(*parse_duration("1.5", "-i"), milliseconds(1500));
  EXPECT_EQ(*parse_duration("2", "-i"), milliseconds(2000));
  EXPECT_EQ(*parse_duration("1m", "-i"), milliseconds(60000));
  EXPECT_EQ(*parse_duration("1.5m", "-i"), milliseconds(90000));
  EXPECT_EQ(*parse_duration("0.25s", "-i"), milliseconds(250));
  EXPECT_EQ(*parse_duration("366m", "-i"), std::chrono::minutes(366));
}

TEST(ParseDuration, ExactBelowAMillisecondNeverRounded) {
  EXPECT_EQ(*parse_duration("0.5ms", "-i"), microseconds(500));
  EXPECT_EQ(*parse_duration("0.0001", "-i"), microseconds(100));
  EXPECT_EQ(*parse_duration("0.000001ms", "-i"), nanoseconds(1));
  EXPECT_EQ(*parse_duration("0.000000001", "-i"), nanoseconds(1));
  EXPECT_EQ(*parse_duration("0.0000000010s", "-i"), nanoseconds(1));  // trailing zeros are fine
  EXPECT_EQ(*parse_duration("1.000000001", "-i"), nanoseconds(1'000'000'001));
  EXPECT_EQ(*parse_duration("0.00000000005m", "-i"), nanoseconds(3));  // a minute is 6e10 ns
}

TEST(ParseDuration, FinerThanANanosecondIsRefusedNamingTheResolution) {
  for (const char* fine : {"0.0000000001", "0.0000005ms", "1.0000000001s", "0.00000000001m"}) {
    auto duration = parse_duration(fine, "--interval");
    ASSERT_FALSE(duration.ok()) << fine;
    EXPECT_EQ(duration.error().kind, ErrorKind::usage);
    EXPECT_NE(duration.error().message.find("finer than 1 ns"), std::string::npos)
        << duration.error().message;
    EXPECT_NE(duration.error().message.find("--interval"), std::string::npos);
  }
}

TEST(ParseDuration, RejectsGarbageZeroNegativeAndOverAYear) {
  for (const char* bad :
       {"",       "0",   "0ms",    "0.000",        "-1",      "abc",
        "1h",     "2 s", "1e3",    "inf",          "nan",     ".",
        "1..2",   "ms",  "1.2.3s", "999999999999", "527041m", "99999999999999999999999999",
        "1.5.ms", "+1"}) {
    auto duration = parse_duration(bad, "--timeout");
    ASSERT_FALSE(duration.ok()) << bad;
    EXPECT_NE(duration.error().message.find("--timeout"), std::string::npos);
  }
  EXPECT_EQ(*parse_duration("527040m", "-i"), std::chrono::hours(366 * 24));
}

TEST(ParseTimeout, WholeMillisecondsOnly) {
  EXPECT_EQ(*parse_timeout("1.5", "-t"), milliseconds(1500));
  EXPECT_EQ(*parse_timeout("0.001", "-t"), milliseconds(1));
  EXPECT_EQ(*parse_timeout("2ms", "-t"), milliseconds(2));
  EXPECT_EQ(*parse_timeout("1.0000ms", "-t"), milliseconds(1));
  auto sub = parse_timeout("0.5ms", "--timeout");
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.error().message,
            "invalid duration '0.5ms' for --timeout: a timeout counts whole milliseconds; use "
            "1ms or more");
  auto fractional = parse_timeout("1.0005s", "--timeout");
  ASSERT_FALSE(fractional.ok());
  EXPECT_EQ(fractional.error().message,
            "invalid duration '1.0005s' for --timeout: a timeout counts whole milliseconds; use "
            "1000ms or 1001ms");
  EXPECT_FALSE(parse_timeout("0", "--timeout").ok());
}

TEST(ParsePositive, AcceptsPositiveWholeNumbers) {
  EXPECT_EQ(*parse_positive("1", "-n"), 1u);
  EXPECT_EQ(*parse_positive("65507", "-m"), 65507u);
}

TEST(ParsePositive, RejectsZeroNegativeAndJunk) {
  for (const char* bad : {"0", "-5", "", "1.5", "ten", "5x", "99999999999999999999999"}) {
    auto value = parse_positive(bad, "--count");
    ASSERT_FALSE(value.ok()) << bad;
    EXPECT_NE(value.error().message.find("--count"), std::string::npos);
  }
}

TEST(StripBrackets, RemovesOnlyAnEnclosingPair) {
  EXPECT_EQ(strip_brackets("[::1]"), "::1");
  EXPECT_EQ(strip_brackets("::1"), "::1");
  EXPECT_EQ(strip_brackets("localhost"), "localhost");
  EXPECT_EQ(strip_brackets("[::1"), "[::1");
}

}  // namespace
}  // namespace dgram
