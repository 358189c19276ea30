// What `dgram listen` counts, and how it tells: the summary at exit (text or
// --summary json) and the live status line.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "common/listen/exec_counts.hpp"
#include "common/listen/stats_counts.hpp"
#include "common/listen/watch_counts.hpp"
#include "common/net.hpp"
#include "common/records/status_line.hpp"
#include "common/records/summary_json.hpp"
#include "common/result.hpp"

namespace dgram {

// listen --talk: the lines typed on standard input.
struct TalkCounts {
  std::uint64_t sent = 0;
  std::uint64_t not_sent = 0;  // every line that did not go: too long, no one to send to, failed
  std::optional<net::Endpoint> last_sent_to;
};

// listen --forward: both directions of the relay and its table of clients.
struct RelayCounts {
  net::Endpoint upstream;
  std::uint64_t relayed = 0;
  // Too big for the upstream's family, its socket not opened, or the send failed.
  std::uint64_t not_relayed = 0;
  std::uint64_t answers = 0;  // answers delivered back to their clients
  std::uint64_t answer_bytes = 0;
  std::uint64_t answers_not_delivered = 0;  // read from the upstream, not sent back
  std::uint64_t held_back = 0;              // answers over the client's --forward-budget
  std::uint64_t held_back_bytes = 0;
  std::uint64_t upstream_icmp = 0;  // refusals read on upstream sockets
  std::uint64_t looped = 0;         // datagrams from the relay's own upstream sockets
  std::uint64_t opened = 0;
  std::uint64_t expired = 0;
  std::uint64_t evicted = 0;
  std::uint64_t answers_lost_to_eviction = 0;  // waiting on an evicted client's socket
};

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
  std::optional<TalkCounts> talk;                // --talk
  std::optional<RelayCounts> relay;              // --forward
  std::optional<ExecCounts> exec;                // --exec
  std::optional<WatchCounts> watch;              // --watch
  std::optional<StatsCounts> stats;              // --stats
  Clock::time_point start = Clock::now();
};

// The summary at exit to `log`: one line of text, or one JSON object on one
// line with how the listener ended (`outcome`).
void print_listen_summary(std::FILE* log, const ListenStats& stats, SummaryFormat format,
                          const Status& outcome);

// The live status line: time, datagrams, bytes, recent rate, truncated,
// rejected, (where the OS tells) dropped by the kernel, and a relay's
// refusals by its upstream. A narrow terminal leaves out first the counts of
// problems still at 0, then the bytes, the rate, rejected, truncated, and
// the losses (dropped, refused) last before the count.
StatusText listen_status_text(const ListenStats& stats, double rate,
                              ListenStats::Clock::time_point now);

}  // namespace dgram
