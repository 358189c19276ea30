// What `dgram listen` counts, and how it tells: the summary at exit (text or
// --summary json) and the live status line.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/net.hpp"
#include "common/records/summary_json.hpp"
#include "common/result.hpp"

namespace dgram {

struct ListenStats {
  using Clock = std::chrono::steady_clock;

  std::uint64_t datagrams = 0;
  std::uint64_t bytes = 0;
  std::uint64_t truncated = 0;
  std::uint64_t icmp_errors = 0;
  std::uint64_t echo_failures = 0;
  std::uint64_t echoes_refused = 0;
  std::uint64_t not_written = 0;                 // records lost to an interrupted or failed write
  std::optional<std::uint64_t> rejected;         // counted when --allow is given
  std::optional<net::KernelDrops> kernel_drops;  // known on Linux only
  // What --talk and --forward add: to the text summary's line (their own
  // clauses or line) and to the JSON object (named counts).
  std::string more_text;
  std::vector<std::pair<std::string, std::uint64_t>> more_counts;
  Clock::time_point start = Clock::now();
};

// The summary at exit to `log`: one line of text, or one JSON object on one
// line with how the listener ended (`outcome`).
void print_listen_summary(std::FILE* log, const ListenStats& stats, SummaryFormat format,
                          const Status& outcome);

// The live status line: time, datagrams, bytes, recent rate, truncated,
// rejected and (where the OS tells) dropped by the kernel.
std::string listen_status_text(const ListenStats& stats, double rate,
                               ListenStats::Clock::time_point now);

}  // namespace dgram
