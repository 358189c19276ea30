// `dgram send`: validate everything, then send the payload as one datagram,
// as --chunk pieces or as --lines, --count times, paced by --interval or
// --rate, and optionally wait for a --reply (or every answer); or --talk:
// lines out as they are typed, answers printed as they come.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/limits.hpp"
#include "common/net.hpp"
#include "common/records/output_format.hpp"
#include "common/records/status_line.hpp"
#include "common/records/summary_json.hpp"
#include "common/result.hpp"
#include "common/send/payload.hpp"
#include "common/send/source_address.hpp"

namespace dgram {

// send --replay FILE: a capture's datagrams sent again with their spacing.
struct ReplayOptions {
  std::string file;                   // "-": standard input
  std::optional<SourceAddress> from;  // --replay-from: one sender's datagrams only
  double speed = 1.0;                 // --speed: 2 is twice as fast; 0: as fast as possible
  std::uint64_t loops = 1;            // --loop: the whole capture this many times
};

struct SendOptions {
  std::string host;
  std::uint16_t port = 0;
  PayloadSource payload;
  net::FamilyPreference family = net::FamilyPreference::any;
  std::size_t max_size = default_max_size;
  bool chunk = false;
  bool hex = false;                    // the payload is hex digits
  bool lines = false;                  // every input line is one datagram
  std::uint64_t count = 1;             // 0: no end (-n 0), until stopped
  bool seq = false;                    // --seq: the sequence header before each payload
  std::chrono::nanoseconds period{0};  // from --interval or --rate; 0: no pause
  bool reply = false;
  bool all_replies = false;  // --all-replies: every answer until the timeout
  bool talk = false;         // --talk: both ways at once
  std::chrono::milliseconds reply_timeout{2000};
  RecordStyle reply_style;
  bool broadcast = false;                           // SO_BROADCAST
  std::optional<int> ttl;                           // unicast and multicast hop limit
  SourceAddress source;                             // -b/--bind, -p/--source-port
  SummaryFormat summary = SummaryFormat::text;      // --summary (text: send prints none)
  ProgressMode progress = ProgressMode::automatic;  // --progress, --no-progress
  std::optional<ReplayOptions> replay;              // --replay: the payloads of a capture

  // A heartbeat: it ends only when stopped, and a refusal (nothing listens
  // yet, or any more) is counted instead of ending it.
  bool endless() const { return count == 0; }
};

// --lines from standard input: each line leaves as it arrives, so the input
// is a stream, read once.
inline bool streams_standard_input(const SendOptions& options) {
  return (options.lines || options.talk) && options.payload.from_standard_input();
}

// Nothing leaves before the payload, its size and the destination have all
// been checked (a --lines stream from stdin: each line before it is sent); a
// failed or short send ends the run with an error.
Status run_send(const SendOptions& options);

}  // namespace dgram
