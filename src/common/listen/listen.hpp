// `dgram listen`: receive datagrams from every sender and print them.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "common/limits.hpp"
#include "common/listen/exec_options.hpp"
#include "common/listen/forward_options.hpp"
#include "common/listen/sender_policy.hpp"
#include "common/listen/watch_options.hpp"
#include "common/net.hpp"
#include "common/records/output.hpp"
#include "common/records/output_format.hpp"
#include "common/records/status_line.hpp"
#include "common/records/summary_json.hpp"
#include "common/result.hpp"

namespace dgram {

struct ListenOptions {
  std::uint16_t port = 0;
  std::optional<std::string> bind_address;
  net::FamilyPreference family = net::FamilyPreference::any;
  std::size_t max_size = default_max_size;
  std::optional<std::uint64_t> count;
  std::optional<std::chrono::milliseconds> idle_timeout;
  bool quiet = false;
  bool reuse = false;  // --reuse: share the port (SO_REUSEADDR)
  bool echo = false;   // --echo: send every datagram back to its sender
  bool talk = false;   // --talk: typed lines go to the sender heard last
  RecordStyle style;
  std::vector<net::MulticastGroup> groups;               // --join
  std::vector<AddressPrefix> allow;                      // --allow; empty: every sender
  std::optional<std::size_t> rcvbuf;                     // --rcvbuf
  std::optional<ForwardOptions> forward;                 // --forward: relay (relay.hpp)
  std::optional<ExecOptions> exec;                       // --exec: a program per datagram
  std::optional<WatchOptions> watch;                     // --watch: who has gone quiet
  bool stats = false;                                    // --stats: loss, reordering, jitter
  std::optional<std::chrono::milliseconds> stats_every;  // --stats-every
  SummaryFormat summary = SummaryFormat::text;           // --summary
  ProgressMode progress = ProgressMode::automatic;       // --progress, --no-progress
  std::optional<std::string> pcap;                       // --pcap: a capture file, "-": stdout
};

// Receives until --count datagrams arrived (success), the idle timeout passed
// (ErrorKind::timed_out) or the user interrupted (ErrorKind::interrupted).
// Records go to `out`; the start line, warnings and the summary to `log`.
Status run_listen(const ListenOptions& options, Output& out, std::FILE* log);

}  // namespace dgram
