#include "common/parse.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

using std::chrono::milliseconds;

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
  EXPECT_EQ(*parse_duration("500ms", "-t"), milliseconds(500));
  EXPECT_EQ(*parse_duration("2s", "-t"), milliseconds(2000));
  EXPECT_EQ(*parse_duration("1.5", "-t"), milliseconds(1500));
  EXPECT_EQ(*parse_duration("2", "-t"), milliseconds(2000));
  EXPECT_EQ(*parse_duration("1m", "-t"), milliseconds(60000));
  EXPECT_EQ(*parse_duration("0.25s", "-t"), milliseconds(250));
  EXPECT_EQ(*parse_duration("0.0001", "-t"), milliseconds(1));  // rounds up, never to 0
}

TEST(ParseDuration, RejectsGarbageZeroAndNegative) {
  for (const char* bad : {"", "0", "0ms", "-1", "abc", "1h", "2 s", "1e3", "inf", "nan", ".",
                          "1..2", "ms", "1.2.3s", "999999999999"}) {
    auto duration = parse_duration(bad, "--timeout");
    ASSERT_FALSE(duration.ok()) << bad;
    EXPECT_NE(duration.error().message.find("--timeout"), std::string::npos);
  }
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
