#include "common/send/send_report.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "common/endpoint.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/human_units.hpp"
#include "common/records/summary_json.hpp"
#include "common/system.hpp"

namespace dgram {

bool send_is_long_work(const SendOptions& options) {
  const bool long_work = options.count > 1 || options.period.count() > 0 || options.lines;
  return long_work && !(options.payload.from_standard_input() && sys::is_terminal(stdin));
}

SendReport::SendReport(const SendOptions& options)
    : options_(&options), status_(stderr, options.progress, send_is_long_work(options), start_) {}

bool SendReport::pause_until(Clock::time_point due) {
  while (true) {
    const auto now = Clock::now();
    if (status_.active()) update_if_due(now);
    if (now >= due) return sys::interrupt_requested();
    // Woken in time for the next update, which a long --interval would
    // otherwise hold up.
    const auto until = std::min(due, status_.next_update());
    if (sys::pause_unless_interrupted(until - now)) return true;
  }
}

void SendReport::update_if_due(Clock::time_point now) {
  if (!status_.due(now)) return;
  const double rate = rate_.update(datagrams_, now);
  std::string text;
  if (planned_ && *planned_ > 0) {
    const std::uint64_t left = *planned_ > datagrams_ ? *planned_ - datagrams_ : 0;
    fmt::format_to(std::back_inserter(text), "dgram: sending {}%: {} of {} datagram{}, {}",
                   datagrams_ * 100 / *planned_, grouped(datagrams_), grouped(*planned_),
                   *planned_ == 1 ? "" : "s", human_bytes(bytes_));
    fmt::format_to(std::back_inserter(text), ", {}/s",
                   grouped(static_cast<std::uint64_t>(rate + 0.5)));
    // Paced: the pace says when it ends; otherwise the recent rate does.
    std::optional<std::chrono::duration<double>> time_left;
    if (options_->period.count() > 0) {
      // The next one is due a period after the last one.
      time_left = std::chrono::duration<double>(options_->period) * static_cast<double>(left) -
                  (now - last_sent_);
    } else if (rate > 0) {
      time_left = std::chrono::duration<double>(static_cast<double>(left) / rate);
    }
    if (time_left)
      fmt::format_to(std::back_inserter(text), ", {} left", human_duration(*time_left));
  } else {
    fmt::format_to(std::back_inserter(text), "dgram: sending {}: {} datagram{}, {}, {}/s",
                   human_duration(std::chrono::floor<std::chrono::seconds>(now - start_)),
                   grouped(datagrams_), datagrams_ == 1 ? "" : "s", human_bytes(bytes_),
                   grouped(static_cast<std::uint64_t>(rate + 0.5)));
  }
  status_.show(text, now);
}

Status SendReport::finish(Status outcome, const net::Endpoint& destination) {
  status_.finish();
  if (options_->summary != SummaryFormat::json) return outcome;
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  const net::Endpoint to = unmap(destination);
  JsonLine line;
  line.text("command", "send").number("sent", datagrams_).number("bytes", bytes_);
  if (planned_) {
    line.number("planned", *planned_);
  } else {
    line.null("planned");
  }
  line.number("replies", replies_)
      .text("to", net::address_text(to))
      .number("port", to.port)
      .decimal("elapsed_seconds", seconds, 3)
      .decimal("rate", seconds > 0 ? static_cast<double>(datagrams_) / seconds : 0.0, 1);
  add_exit_fields(line, outcome, "done");
  print_diagnostic(stderr, "{}", std::move(line).finish());
  return outcome;
}

}  // namespace dgram
