// The limiter on warnings a remote sender can set off: the first few pass,
// the rest are counted and reported once per interval and at the end.
#include "common/records/warning_limiter.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

namespace dgram {
namespace {

using namespace std::chrono_literals;
using Clock = WarningLimiter::Clock;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// What the limiter has written to its log so far.
std::string contents(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  char chunk[256];
  while (const std::size_t got = std::fread(chunk, 1, sizeof chunk, file)) text.append(chunk, got);
  std::fseek(file, 0, SEEK_END);
  return text;
}

class WarningLimiterTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(log_, nullptr); }
  std::unique_ptr<std::FILE, FileCloser> log_{std::tmpfile()};
  Clock::time_point start_ = Clock::now();
};

TEST_F(WarningLimiterTest, TheFirstBurstPassesSilently) {
  WarningLimiter limiter(log_.get(), "oversize datagrams", 3, 1s);
  EXPECT_TRUE(limiter.allow(start_));
  EXPECT_TRUE(limiter.allow(start_));
  EXPECT_TRUE(limiter.allow(start_));
  EXPECT_FALSE(limiter.allow(start_));
  EXPECT_EQ(contents(log_.get()), "");
}

TEST_F(WarningLimiterTest, HeldBackOnesAreReportedOncePerInterval) {
  WarningLimiter limiter(log_.get(), "oversize datagrams", 2, 1s);
  EXPECT_TRUE(limiter.allow(start_));
  EXPECT_TRUE(limiter.allow(start_));
  EXPECT_FALSE(limiter.allow(start_ + 100ms));
  EXPECT_FALSE(limiter.allow(start_ + 500ms));
  EXPECT_EQ(contents(log_.get()), "") << "reported before the interval had passed";
  // The third held-back one comes when the interval is over: one line for all three.
  EXPECT_FALSE(limiter.allow(start_ + 1s));
  EXPECT_EQ(contents(log_.get()),
            "dgram: warning: 3 more oversize datagrams (not shown one by one; see the summary)\n");
  // The next interval starts at that report.
  EXPECT_FALSE(limiter.allow(start_ + 1500ms));
  EXPECT_FALSE(limiter.allow(start_ + 1900ms));
  EXPECT_EQ(contents(log_.get()).find("2 more"), std::string::npos);
  EXPECT_FALSE(limiter.allow(start_ + 2s));
  EXPECT_EQ(contents(log_.get()),
            "dgram: warning: 3 more oversize datagrams (not shown one by one; see the summary)\n"
            "dgram: warning: 3 more oversize datagrams (not shown one by one; see the summary)\n");
}

TEST_F(WarningLimiterTest, FinishReportsWhatIsStillHeldBack) {
  WarningLimiter limiter(log_.get(), "refused echoes", 1, 1h);
  EXPECT_TRUE(limiter.allow(start_));
  EXPECT_FALSE(limiter.allow(start_));
  EXPECT_FALSE(limiter.allow(start_));
  limiter.finish();
  EXPECT_EQ(contents(log_.get()),
            "dgram: warning: 2 more refused echoes (not shown one by one; see the summary)\n");
  // Nothing more is held back: a second finish adds nothing.
  limiter.finish();
  EXPECT_EQ(contents(log_.get()),
            "dgram: warning: 2 more refused echoes (not shown one by one; see the summary)\n");
}

TEST_F(WarningLimiterTest, FinishWithNothingHeldBackIsSilent) {
  WarningLimiter limiter(log_.get(), "oversize datagrams", 5, 1s);
  EXPECT_TRUE(limiter.allow(start_));
  limiter.finish();
  EXPECT_EQ(contents(log_.get()), "");
}

}  // namespace
}  // namespace dgram
