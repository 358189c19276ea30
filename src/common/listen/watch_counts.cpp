#include "common/listen/watch_counts.hpp"

#include <iterator>

#include <fmt/format.h>

#include "common/records/human_units.hpp"
#include "common/records/timestamp.hpp"

namespace dgram {
namespace {

std::string timestamp(WallClock::time_point time) {
  std::string text;
  append_timestamp(text, time);
  return text;
}

std::string sender_line(const WatchedSender& sender) {
  return fmt::format("\ndgram:   {}: {}, {}, first heard {}, last heard {}, quiet {}{}",
                     sender.name, counted(sender.datagrams, "datagram", "datagrams"),
                     counted(sender.bytes, "byte", "bytes"), timestamp(sender.first_heard),
                     timestamp(sender.last_heard), counted(sender.times_quiet, "time", "times"),
                     sender.quiet ? " (quiet at the end)" : "");
}

}  // namespace

std::string watch_summary_lines_text(const WatchCounts& watch) {
  std::string text =
      fmt::format("\ndgram: watched {} (quiet after {} ms): {} quiet at the end, {} evicted",
                  counted(watch.senders.size(), "sender", "senders"), watch.quiet_after.count(),
                  watch.quiet_now, watch.evicted);
  const std::size_t shown = std::min(watch.senders.size(), watch_summary_lines);
  for (std::size_t i = 0; i < shown; ++i) text += sender_line(watch.senders[i]);
  if (shown < watch.senders.size()) {
    fmt::format_to(std::back_inserter(text), "\ndgram:   and {} more (--summary json lists all)",
                   watch.senders.size() - shown);
  }
  return text;
}

void add_watch_fields(JsonLine& line, const WatchCounts& watch) {
  std::string array = "[";
  for (const WatchedSender& sender : watch.senders) {
    if (array.size() > 1) array += ',';
    JsonLine object;
    object.text("sender", sender.name)
        .number("datagrams", sender.datagrams)
        .number("bytes", sender.bytes)
        .text("first_heard", timestamp(sender.first_heard))
        .text("last_heard", timestamp(sender.last_heard))
        .number("times_quiet", sender.times_quiet)
        .boolean("quiet", sender.quiet);
    array += std::move(object).object();
  }
  array += ']';
  line.number("quiet_after_ms", static_cast<std::uint64_t>(watch.quiet_after.count()))
      .number("watched", watch.senders.size())
      .number("quiet_at_end", watch.quiet_now)
      .number("evicted", watch.evicted)
      .raw("senders", array);
}

void add_watch_status(StatusText& text, const WatchCounts& watch) {
  text.add(counted(watch.watched, "sender", "senders"), 8)
      .add(fmt::format("{} quiet", grouped(watch.quiet_now)), 9);
}

}  // namespace dgram
