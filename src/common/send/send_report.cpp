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
  const bool long_work = options.count > 1 || options.period.count() > 0 || options.lines ||
                         options.replay.has_value();
  const bool typed =
      !options.replay && options.payload.from_standard_input() && sys::is_terminal(stdin);
  return long_work && !typed;
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
  if (status_.due(now)) status_.show(status_text(now, /*last=*/false), now);
}

// A narrow terminal keeps the count, then the time left, then the rate.
StatusText SendReport::status_text(Clock::time_point now, bool last) {
  const double rate = rate_.update(datagrams_, now);
  const std::string per_second =
      fmt::format("{}/s", grouped(static_cast<std::uint64_t>(rate + 0.5)));
  StatusText text;
  if (planned_ && *planned_ > 0) {
    const std::uint64_t left = *planned_ > datagrams_ ? *planned_ - datagrams_ : 0;
    text.head = fmt::format("dgram: sending {}%", datagrams_ * 100 / *planned_);
    const std::string share = fmt::format("{} of {}", grouped(datagrams_), grouped(*planned_));
    text.add(fmt::format("{} datagram{}", share, *planned_ == 1 ? "" : "s"), 9, share)
        .add(human_bytes(bytes_), 3)
        .add(per_second, 6);
    // Paced: the pace says when it ends; otherwise the recent rate does.
    // The last line (over, or stopped) has no time left.
    std::optional<std::chrono::duration<double>> time_left;
    if (!last && options_->period.count() > 0) {
      // The next one is due a period after the last one.
      time_left = std::chrono::duration<double>(options_->period) * static_cast<double>(left) -
                  (now - last_sent_);
    } else if (!last && rate > 0) {
      time_left = std::chrono::duration<double>(static_cast<double>(left) / rate);
    }
    if (time_left) text.add(fmt::format("{} left", human_duration(*time_left)), 7);
  } else {
    text.head = fmt::format("dgram: sending {}",
                            human_duration(std::chrono::floor<std::chrono::seconds>(now - start_)));
    text.add(fmt::format("{} datagram{}", grouped(datagrams_), datagrams_ == 1 ? "" : "s"), 9)
        .add(human_bytes(bytes_), 3)
        .add(per_second, 6);
  }
  // A heartbeat's news is whether anyone listens.
  if (options_->endless() || refused_ > 0)
    text.add(fmt::format("{} refused", grouped(refused_)), 8);
  if (unreachable_ > 0) text.add(fmt::format("{} unreachable", grouped(unreachable_)), 8);
  return text;
}

void SendReport::end_status() {
  if (!status_.active()) return;
  // --talk ends it before anything is sent: a person types from then on.
  if (options_->talk) return status_.finish();
  const auto now = Clock::now();
  status_.conclude(status_text(now, /*last=*/true), now);
}

std::string SendReport::text_summary(double seconds, const net::Endpoint& destination) const {
  std::string line =
      fmt::format("dgram: sent {} datagram{}, {} in {:.3f} s ({:.1f}/s) to {}, {} refused",
                  datagrams_, datagrams_ == 1 ? "" : "s", counted(bytes_, "byte", "bytes"), seconds,
                  seconds > 0 ? static_cast<double>(datagrams_) / seconds : 0.0,
                  endpoint_text(unmap(destination)), refused_);
  if (unreachable_ > 0) line += fmt::format(", {} unreachable", unreachable_);
  if (skipped_ && skipped_->total() > 0) {
    line += fmt::format(
        "; skipped {}: {} not UDP, {} IP fragments, {} truncated, {} from other senders",
        skipped_->total(), skipped_->not_udp, skipped_->fragments, skipped_->truncated,
        skipped_->other_senders);
  }
  return line;
}

Status SendReport::finish(Status outcome, const net::Endpoint& destination) {
  end_status();
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  if (options_->summary != SummaryFormat::json) {
    if (options_->endless() || skipped_)
      print_diagnostic(stderr, "{}\n", text_summary(seconds, destination));
    return outcome;
  }
  const net::Endpoint to = unmap(destination);
  JsonLine line;
  line.text("command", "send").number("sent", datagrams_).number("bytes", bytes_);
  if (planned_) {
    line.number("planned", *planned_);
  } else {
    line.null("planned");
  }
  line.number("replies", replies_)
      .number("refused", refused_)
      .number("unreachable", unreachable_)
      .text("to", net::address_text(to))
      .number("port", to.port)
      .decimal("elapsed_seconds", seconds, 3)
      .decimal("rate", seconds > 0 ? static_cast<double>(datagrams_) / seconds : 0.0, 1);
  if (skipped_) {
    JsonLine skipped;
    skipped.number("total", skipped_->total())
        .number("not_udp", skipped_->not_udp)
        .number("fragments", skipped_->fragments)
        .number("truncated", skipped_->truncated)
        .number("other_senders", skipped_->other_senders);
    line.raw("skipped", std::move(skipped).object());
  }
  add_exit_fields(line, outcome, "done");
  print_diagnostic(stderr, "{}", std::move(line).finish());
  return outcome;
}

}  // namespace dgram
