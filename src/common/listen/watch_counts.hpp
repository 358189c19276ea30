// What `listen --watch` counts, and how the summary (text and JSON) and the
// status line tell it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/listen/watch_table.hpp"
#include "common/records/status_line.hpp"
#include "common/records/summary_json.hpp"

namespace dgram {

struct WatchCounts {
  std::chrono::milliseconds quiet_after{0};
  std::size_t watched = 0;             // senders in the table now
  std::size_t quiet_now = 0;           // of those, quiet
  std::uint64_t evicted = 0;           // the least recently heard, for a new sender
  std::vector<WatchedSender> senders;  // at the end: every one in the table
};

// The text summary lists this many senders at most, then "and N more".
inline constexpr std::size_t watch_summary_lines = 20;

// "\ndgram: watched 3 senders (quiet after 5000 ms): 1 quiet at the end, 0
// evicted" and a line per sender.
std::string watch_summary_lines_text(const WatchCounts& watch);
// "watched", "quiet_at_end", "evicted" and "senders": an array of objects.
void add_watch_fields(JsonLine& line, const WatchCounts& watch);
// Senders watched, and how many of them are quiet.
void add_watch_status(StatusText& text, const WatchCounts& watch);

}  // namespace dgram
