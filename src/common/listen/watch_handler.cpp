#include "common/listen/watch_handler.hpp"

#include <fmt/format.h>

#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/summary_json.hpp"

namespace dgram {
namespace {

double seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

std::string timestamp(WallClock::time_point time) {
  std::string text;
  append_timestamp(text, time);
  return text;
}

}  // namespace

std::string watch_event_line(bool json, std::string_view event, const WatchedSender& sender,
                             WallClock::time_point time,
                             std::optional<std::chrono::steady_clock::duration> silent) {
  if (json) {
    JsonLine line;
    line.text("time", timestamp(time)).text("event", event).text("sender", sender.name);
    if (silent) {
      line.decimal("silent_seconds", seconds(*silent), 3);
      line.text("last_heard",
                timestamp(time - std::chrono::duration_cast<WallClock::duration>(*silent)));
    }
    line.number("datagrams", sender.datagrams);
    return std::move(line).finish();
  }
  std::string text = fmt::format("{} {} {}", timestamp(time), event, sender.name);
  if (silent && event == "quiet") {
    fmt::format_to(std::back_inserter(text), " (last heard {:.3f} s ago)", seconds(*silent));
  } else if (silent) {
    fmt::format_to(std::back_inserter(text), " (unheard for {:.3f} s)", seconds(*silent));
  }
  text += '\n';
  return text;
}

WatchHandler::WatchHandler(const WatchOptions& options, const RecordStyle& style)
    : options_(options),
      json_(style.format == OutputFormat::json),
      table_(options.quiet_after, options.senders) {}

void WatchHandler::started(ReceiveSession& session) {
  session_ = &session;
  counts_ = &session.stats().watch.emplace();
  counts_->quiet_after = options_.quiet_after;
  print_diagnostic(session.log(),
                   "dgram: watching senders by {}: quiet after {} ms unheard (at most {} "
                   "senders; datagrams are not shown, only new/quiet/back events)\n",
                   options_.by_endpoint ? "address and port" : "address",
                   options_.quiet_after.count(), options_.senders);
}

std::optional<ReceiveHandler::Clock::time_point> WatchHandler::wake_at() const {
  return table_.next_deadline();
}

void WatchHandler::tick(Clock::time_point now) {
  for (const WatchedSender* sender : table_.expire(now)) {
    event(Event::quiet, *sender, now - sender->last_heard_at);
  }
  update_counts();
}

Result<bool> WatchHandler::accepted(const net::ReceivedDatagram& datagram,
                                    const net::Endpoint& from, ReceiveSession& session) {
  (void)session;
  const std::string& name =
      options_.by_endpoint ? endpoint_text(from) : remembered_address_text(from);
  const auto heard = table_.heard(name, datagram.received.size, Clock::now(), WallClock::now());
  if (heard.kind == WatchTable::Kind::fresh) event(Event::fresh, *heard.sender, {});
  if (heard.kind == WatchTable::Kind::back) event(Event::back, *heard.sender, heard.silent);
  if (heard.kind != WatchTable::Kind::again) update_counts();
  return false;
}

void WatchHandler::event(Event event, const WatchedSender& sender, Clock::duration silent) {
  static constexpr std::string_view names[] = {"new", "quiet", "back"};
  const auto index = static_cast<std::size_t>(event);
  const std::optional<Clock::duration> told =
      event == Event::fresh ? std::nullopt : std::optional(silent);
  session_->add_line(watch_event_line(json_, names[index], sender, WallClock::now(), told));
}

void WatchHandler::update_counts() {
  counts_->watched = table_.size();
  counts_->quiet_now = table_.quiet_now();
  counts_->evicted = table_.evicted();
}

void WatchHandler::finish(ListenStats& stats) {
  (void)stats;  // counts_ is its watch part
  update_counts();
  counts_->senders = table_.senders();
}

}  // namespace dgram
