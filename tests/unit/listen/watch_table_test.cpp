// listen --watch's table: who goes quiet when, who comes back, and who
// gives way when it is full.
#include "common/listen/watch_table.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

using namespace std::chrono_literals;
using Clock = WatchTable::Clock;

TEST(WatchTable, QuietAtTheDeadlineAndBackAfterIt) {
  WatchTable table(5s, 10);
  const Clock::time_point t0{};
  EXPECT_EQ(table.heard("a", 3, t0, {}).kind, WatchTable::Kind::fresh);
  EXPECT_EQ(table.heard("b", 3, t0 + 1s, {}).kind, WatchTable::Kind::fresh);
  EXPECT_EQ(table.heard("a", 3, t0 + 2s, {}).kind, WatchTable::Kind::again);
  EXPECT_EQ(table.next_deadline(), t0 + 6s);  // b, heard last at 1 s
  EXPECT_TRUE(table.expire(t0 + 6s - 1ms).empty());
  const auto gone = table.expire(t0 + 6s);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0]->name, "b");
  EXPECT_EQ(table.quiet_now(), 1u);
  EXPECT_EQ(table.next_deadline(), t0 + 7s);
  const auto back = table.heard("b", 3, t0 + 9s, {});
  EXPECT_EQ(back.kind, WatchTable::Kind::back);
  EXPECT_EQ(back.silent, 8s);
  EXPECT_EQ(back.sender->times_quiet, 1u);
  EXPECT_EQ(back.sender->datagrams, 2u);
  EXPECT_EQ(table.quiet_now(), 0u);
}

TEST(WatchTable, AFullTableEvictsTheLeastRecentlyHeardQuietOnesFirst) {
  WatchTable table(5s, 2);
  const Clock::time_point t0{};
  table.heard("a", 1, t0, {});
  table.heard("b", 1, t0 + 1s, {});
  table.expire(t0 + 5s);  // a quiet
  table.heard("b", 1, t0 + 5s, {});
  table.heard("c", 1, t0 + 5s, {});  // evicts a
  EXPECT_EQ(table.evicted(), 1u);
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.heard("a", 1, t0 + 6s, {}).kind, WatchTable::Kind::fresh);  // evicts b
  EXPECT_EQ(table.evicted(), 2u);
  const auto senders = table.senders();
  ASSERT_EQ(senders.size(), 2u);
  EXPECT_EQ(senders[0].name, "c");
  EXPECT_EQ(senders[1].name, "a");
}

}  // namespace
}  // namespace dgram
