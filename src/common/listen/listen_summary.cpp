#include "common/listen/listen_summary.hpp"

#include <fmt/format.h>

#include "common/records/diagnostics.hpp"
#include "common/records/human_units.hpp"

namespace dgram {
namespace {

double seconds_since(ListenStats::Clock::time_point start) {
  return std::chrono::duration<double>(ListenStats::Clock::now() - start).count();
}

std::string text_summary(const ListenStats& stats, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(stats.datagrams) / seconds : 0.0;
  std::string line =
      fmt::format("dgram: received {} datagram{}, {} bytes in {:.3f} s ({:.1f}/s), {} truncated",
                  stats.datagrams, stats.datagrams == 1 ? "" : "s", stats.bytes, seconds, rate,
                  stats.truncated);
  if (stats.icmp_errors > 0) {
    fmt::format_to(std::back_inserter(line), ", {} ICMP errors ignored", stats.icmp_errors);
  }
  if (stats.echo_failures > 0) {
    fmt::format_to(std::back_inserter(line), ", {} echoes failed", stats.echo_failures);
  }
  if (stats.echoes_refused > 0) {
    fmt::format_to(std::back_inserter(line), ", {} echoes refused (loop risk)",
                   stats.echoes_refused);
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
  line += stats.more_text;
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
  for (const auto& [name, count] : stats.more_counts) line.number(name, count);
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

std::string listen_status_text(const ListenStats& stats, double rate,
                               ListenStats::Clock::time_point now) {
  std::string text = fmt::format(
      "dgram: listening {}: {} datagram{}, {}, {}/s, {} truncated",
      human_duration(std::chrono::floor<std::chrono::seconds>(now - stats.start)),
      grouped(stats.datagrams), stats.datagrams == 1 ? "" : "s", human_bytes(stats.bytes),
      grouped(static_cast<std::uint64_t>(rate + 0.5)), grouped(stats.truncated));
  if (stats.rejected)
    fmt::format_to(std::back_inserter(text), ", {} rejected", grouped(*stats.rejected));
  if (stats.kernel_drops) {
    fmt::format_to(std::back_inserter(text), ", {}{} dropped",
                   stats.kernel_drops->at_least ? "at least " : "",
                   grouped(stats.kernel_drops->count));
  }
  return text;
}

}  // namespace dgram
