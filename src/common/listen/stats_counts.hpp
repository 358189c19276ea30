// What `listen --stats` counts, and how the summary (text and JSON), the
// periodic lines of --stats-every and the status line tell it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/listen/seq_tracker.hpp"
#include "common/records/status_line.hpp"
#include "common/records/summary_json.hpp"

namespace dgram {

// Senders (address and port) --stats follows at most; datagrams from
// further ones are counted as untracked.
inline constexpr std::size_t max_stats_senders = 10'000;

struct SenderSeqCounts {
  std::string sender;  // ADDR:PORT
  SeqCounts counts;
};

struct StatsCounts {
  std::uint64_t without_header = 0;  // datagrams that did not start with the header
  std::uint64_t untracked = 0;       // with it, from senders past max_stats_senders
  // For the status line, kept up to date: over every sender.
  std::uint64_t received = 0;
  std::uint64_t lost = 0;
  std::uint64_t reordered = 0;
  std::uint64_t duplicated = 0;
  double last_jitter_ms = 0;             // of the sender heard last
  std::vector<SenderSeqCounts> senders;  // at the end, in the order first heard
};

// The text summary lists this many senders at most, then "and N more".
inline constexpr std::size_t stats_summary_lines = 20;

// "127.0.0.1:5000: 100 received, 2 lost, 1 reordered, 0 duplicated, 0 late,
// jitter 0.153 ms"
std::string seq_counts_text(const SenderSeqCounts& sender);
// {"sender":…,"received":…,"lost":…,…,"jitter_ms":…} (no line ending).
std::string seq_counts_json(const SenderSeqCounts& sender);

std::string stats_summary_text(const StatsCounts& stats);
// "without_header", "untracked" and "stats": an array of senders.
void add_stats_fields(JsonLine& line, const StatsCounts& stats);
void add_stats_status(StatusText& text, const StatsCounts& stats);

}  // namespace dgram
