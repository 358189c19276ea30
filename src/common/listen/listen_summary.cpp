#include "common/listen/listen_summary.hpp"

#include <string_view>

#include <fmt/format.h>

#include "common/listen/exec_counts.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/human_units.hpp"

namespace dgram {
namespace {

double seconds_since(ListenStats::Clock::time_point start) {
  return std::chrono::duration<double>(ListenStats::Clock::now() - start).count();
}

// ", 2 typed lines sent (last to 127.0.0.1:5000), 1 not sent".
std::string talk_clauses(const TalkCounts& talk) {
  std::string text = fmt::format(", {} sent", counted(talk.sent, "typed line", "typed lines"));
  if (talk.last_sent_to) text += fmt::format(" (last to {})", endpoint_text(*talk.last_sent_to));
  if (talk.not_sent > 0) text += fmt::format(", {} not sent", talk.not_sent);
  return text;
}

// The relay's own line, after listen's.
std::string relay_line(const RelayCounts& relay) {
  std::string line = fmt::format(
      "\ndgram: relayed {} to {}, {} back ({}); clients: {} opened, {} expired, {} evicted",
      counted(relay.relayed, "datagram", "datagrams"), endpoint_text(relay.upstream),
      counted(relay.answers, "answer", "answers"), counted(relay.answer_bytes, "byte", "bytes"),
      relay.opened, relay.expired, relay.evicted);
  auto add = [&line](std::uint64_t count, std::string_view one, std::string_view many,
                     std::string_view rest) {
    if (count > 0)
      fmt::format_to(std::back_inserter(line), ", {}{}", counted(count, one, many), rest);
  };
  add(relay.not_relayed, "not relayed", "not relayed", "");
  add(relay.upstream_icmp, "ICMP error", "ICMP errors", " from the upstream");
  add(relay.answers_not_delivered, "answer", "answers", " not delivered");
  if (relay.held_back > 0) {
    fmt::format_to(std::back_inserter(line), ", {} ({}) held back by --forward-budget",
                   counted(relay.held_back, "answer", "answers"),
                   counted(relay.held_back_bytes, "byte", "bytes"));
  }
  add(relay.answers_lost_to_eviction, "answer", "answers", " lost to eviction");
  add(relay.looped, "datagram", "datagrams",
      " from the relay's own upstream sockets dropped (loop)");
  return line;
}

void add_relay_fields(JsonLine& line, const RelayCounts& relay) {
  line.number("relayed", relay.relayed)
      .number("not_relayed", relay.not_relayed)
      .number("answers", relay.answers)
      .number("answer_bytes", relay.answer_bytes)
      .number("answers_not_delivered", relay.answers_not_delivered)
      .number("answers_held_back", relay.held_back)
      .number("answer_bytes_held_back", relay.held_back_bytes)
      .number("answers_lost_to_eviction", relay.answers_lost_to_eviction)
      .number("upstream_icmp_errors", relay.upstream_icmp)
      .number("looped", relay.looped)
      .number("clients_opened", relay.opened)
      .number("clients_expired", relay.expired)
      .number("clients_evicted", relay.evicted);
}

std::string text_summary(const ListenStats& stats, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(stats.datagrams) / seconds : 0.0;
  std::string line =
      fmt::format("dgram: received {} datagram{}, {} in {:.3f} s ({:.1f}/s), {} truncated",
                  stats.datagrams, stats.datagrams == 1 ? "" : "s",
                  counted(stats.bytes, "byte", "bytes"), seconds, rate, stats.truncated);
  if (stats.icmp_errors > 0) {
    fmt::format_to(std::back_inserter(line), ", {} ignored",
                   counted(stats.icmp_errors, "ICMP error", "ICMP errors"));
  }
  if (stats.echo_failures > 0) {
    fmt::format_to(std::back_inserter(line), ", {} failed",
                   counted(stats.echo_failures, "echo", "echoes"));
  }
  if (stats.echoes_refused > 0) {
    fmt::format_to(std::back_inserter(line), ", {} refused (loop risk)",
                   counted(stats.echoes_refused, "echo", "echoes"));
  }
  if (stats.not_written > 0) {
    fmt::format_to(std::back_inserter(line), ", {} not written (output blocked or failed)",
                   stats.not_written);
  }
  if (stats.rejected) {
    fmt::format_to(std::back_inserter(line), ", {} rejected by --allow", *stats.rejected);
  }
  // Where the OS cannot tell, nothing is said rather than a made-up 0.
  if (stats.kernel_drops) {
    // With UDP GRO the kernel counts a dropped coalesced group once.
    fmt::format_to(std::back_inserter(line), ", {}{} dropped by the kernel{}",
                   stats.kernel_drops->at_least ? "at least " : "", stats.kernel_drops->count,
                   stats.kernel_drops->at_least ? " (it counts a coalesced group once)" : "");
  }
  if (stats.talk) line += talk_clauses(*stats.talk);
  if (stats.relay) line += relay_line(*stats.relay);
  if (stats.exec) line += exec_summary_line(*stats.exec);
  if (stats.watch) line += watch_summary_lines_text(*stats.watch);
  if (stats.stats) line += stats_summary_text(*stats.stats);
  line += '\n';
  return line;
}

std::string json_summary(const ListenStats& stats, double seconds, const Status& outcome) {
  const double rate = seconds > 0 ? static_cast<double>(stats.datagrams) / seconds : 0.0;
  JsonLine line;
  line.text("command", "listen")
      .number("received", stats.datagrams)
      .number("bytes", stats.bytes)
      .number("truncated", stats.truncated);
  // null where the OS cannot tell (not Linux), rather than a made-up 0.
  if (stats.kernel_drops) {
    line.number("kernel_drops", stats.kernel_drops->count)
        .boolean("kernel_drops_at_least", stats.kernel_drops->at_least);
  } else {
    line.null("kernel_drops").null("kernel_drops_at_least");
  }
  line.number("rejected", stats.rejected.value_or(0))
      .number("icmp_errors_ignored", stats.icmp_errors)
      .number("echo_failures", stats.echo_failures)
      .number("echoes_refused", stats.echoes_refused)
      .number("not_written", stats.not_written);
  if (stats.relay) add_relay_fields(line, *stats.relay);
  if (stats.exec) add_exec_fields(line, *stats.exec);
  if (stats.watch) add_watch_fields(line, *stats.watch);
  if (stats.stats) add_stats_fields(line, *stats.stats);
  line.decimal("elapsed_seconds", seconds, 3).decimal("rate", rate, 1);
  add_exit_fields(line, outcome, "count");
  return std::move(line).finish();
}

}  // namespace

void print_listen_summary(std::FILE* log, const ListenStats& stats, SummaryFormat format,
                          const Status& outcome) {
  const double seconds = seconds_since(stats.start);
  const std::string line = format == SummaryFormat::json ? json_summary(stats, seconds, outcome)
                                                         : text_summary(stats, seconds);
  print_diagnostic(log, "{}", line);
}

StatusText listen_status_text(const ListenStats& stats, double rate,
                              ListenStats::Clock::time_point now) {
  // Importance on a narrow terminal (the lowest goes first): problems still
  // at 0 are not worth the room.
  auto problem = [](std::uint64_t count, int importance) { return count > 0 ? importance : 2; };
  StatusText text;
  text.head =
      fmt::format("dgram: listening {}",
                  human_duration(std::chrono::floor<std::chrono::seconds>(now - stats.start)));
  text.add(fmt::format("{} datagram{}", grouped(stats.datagrams), stats.datagrams == 1 ? "" : "s"),
           10)
      .add(human_bytes(stats.bytes), 3)
      .add(fmt::format("{}/s", grouped(static_cast<std::uint64_t>(rate + 0.5))), 6)
      .add(fmt::format("{} truncated", grouped(stats.truncated)), problem(stats.truncated, 8));
  if (stats.rejected) {
    text.add(fmt::format("{} rejected", grouped(*stats.rejected)), problem(*stats.rejected, 7));
  }
  if (stats.kernel_drops) {
    const std::string count = grouped(stats.kernel_drops->count);
    if (stats.kernel_drops->at_least) {
      text.add(fmt::format("at least {} dropped", count), problem(stats.kernel_drops->count, 9),
               fmt::format("{}+ dropped", count));
    } else {
      text.add(fmt::format("{} dropped", count), problem(stats.kernel_drops->count, 9));
    }
  }
  // A dead upstream shows while the relay runs, not only at exit.
  if (stats.relay && stats.relay->upstream_icmp > 0) {
    text.add(fmt::format("{} refused by the upstream", grouped(stats.relay->upstream_icmp)), 9,
             fmt::format("{} refused upstream", grouped(stats.relay->upstream_icmp)));
  }
  if (stats.relay && stats.relay->held_back > 0) {
    text.add(fmt::format("{} held back", grouped(stats.relay->held_back)), 8);
  }
  if (stats.exec) add_exec_status(text, *stats.exec);
  if (stats.watch) add_watch_status(text, *stats.watch);
  if (stats.stats) add_stats_status(text, *stats.stats);
  return text;
}

}  // namespace dgram
