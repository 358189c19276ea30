// What `listen --exec` counts, and how the summary (text and JSON) and the
// status line tell it.
#pragma once

#include <cstdint>
#include <string>

#include "common/records/status_line.hpp"
#include "common/records/summary_json.hpp"

namespace dgram {

struct ExecCounts {
  std::uint64_t run = 0;          // handlers started (every one that ended, however)
  std::uint64_t failed = 0;       // ended by themselves, not with exit status 0 (or by a signal)
  std::uint64_t not_found = 0;    // of those: the shell did not find the command (127, 9009)
  std::uint64_t timed_out = 0;    // killed at --exec-timeout
  std::uint64_t not_started = 0;  // the shell itself could not be started
  std::uint64_t stopped = 0;      // ended by the user's interrupt
  std::uint64_t dropped = 0;      // every handler busy and the queue full
  std::uint64_t never_ran = 0;    // still queued when the listener stopped
  std::uint64_t replies = 0;      // replies sent
  std::uint64_t reply_bytes = 0;
  std::uint64_t replies_too_big = 0;      // output over the sender's family's limit: not sent
  std::uint64_t replies_not_sent = 0;     // refused (loop risk) or the send failed
  std::uint64_t error_lines_dropped = 0;  // the handlers' stderr came faster than it was printed
};

// "\ndgram: ran 12 handlers: 10 ok, 1 failed (1 not found), 1 timed out; ..."
std::string exec_summary_line(const ExecCounts& exec);
void add_exec_fields(JsonLine& line, const ExecCounts& exec);
// Handlers run, and those that failed, timed out or were dropped.
void add_exec_status(StatusText& text, const ExecCounts& exec);

}  // namespace dgram
