#include "common/listen/stats_counts.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "common/records/human_units.hpp"

namespace dgram {

std::string seq_counts_text(const SenderSeqCounts& sender) {
  const SeqCounts& c = sender.counts;
  std::string text = fmt::format(
      "{}: {} received, {} lost, {} reordered, {} duplicated, {} late, jitter {:.3f} ms",
      sender.sender, c.received, c.lost, c.reordered, c.duplicated, c.late, c.jitter_ms);
  if (c.restarts > 0) {
    fmt::format_to(std::back_inserter(text), " ({} from the same port)",
                   counted(c.restarts + 1, "run", "runs"));
  }
  return text;
}

std::string seq_counts_json(const SenderSeqCounts& sender) {
  const SeqCounts& c = sender.counts;
  JsonLine object;
  object.text("sender", sender.sender)
      .number("received", c.received)
      .number("lost", c.lost)
      .number("reordered", c.reordered)
      .number("duplicated", c.duplicated)
      .number("late", c.late)
      .number("restarts", c.restarts)
      .decimal("jitter_ms", c.jitter_ms, 3);
  return std::move(object).object();
}

std::string stats_summary_text(const StatsCounts& stats) {
  std::string text =
      fmt::format("\ndgram: stats: {} with the sequence header, {} without",
                  counted(stats.senders.size(), "sender", "senders"), stats.without_header);
  if (stats.untracked > 0) {
    fmt::format_to(std::back_inserter(text), ", {} from senders past {} not followed",
                   stats.untracked, max_stats_senders);
  }
  const std::size_t shown = std::min(stats.senders.size(), stats_summary_lines);
  for (std::size_t i = 0; i < shown; ++i) text += "\ndgram:   " + seq_counts_text(stats.senders[i]);
  if (shown < stats.senders.size()) {
    fmt::format_to(std::back_inserter(text), "\ndgram:   and {} more (--summary json lists all)",
                   stats.senders.size() - shown);
  }
  return text;
}

void add_stats_fields(JsonLine& line, const StatsCounts& stats) {
  std::string array = "[";
  for (const SenderSeqCounts& sender : stats.senders) {
    if (array.size() > 1) array += ',';
    array += seq_counts_json(sender);
  }
  array += ']';
  line.number("without_header", stats.without_header)
      .number("untracked", stats.untracked)
      .raw("stats", array);
}

void add_stats_status(StatusText& text, const StatsCounts& stats) {
  auto problem = [](std::uint64_t count, int importance) { return count > 0 ? importance : 2; };
  text.add(fmt::format("{} lost", grouped(stats.lost)), 9)
      .add(fmt::format("{} reordered", grouped(stats.reordered)), problem(stats.reordered, 7))
      .add(fmt::format("{} duplicated", grouped(stats.duplicated)), problem(stats.duplicated, 7))
      .add(fmt::format("jitter {:.3f} ms", stats.last_jitter_ms), 6);
}

}  // namespace dgram
