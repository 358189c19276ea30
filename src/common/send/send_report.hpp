// What `dgram send` has done, told as it goes (the live status line: count,
// progress, rate, time left) and at exit (--summary json).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/net.hpp"
#include "common/records/status_line.hpp"
#include "common/result.hpp"
#include "common/send/replay_capture.hpp"
#include "common/send/send.hpp"

namespace dgram {

class SendReport {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SendReport(const SendOptions& options);

  // How many datagrams the whole send takes, when known before it starts
  // (not for a stream from standard input).
  void plan(std::uint64_t datagrams) { planned_ = datagrams; }

  // `datagrams` more went out, `bytes` in all.
  void sent(std::uint64_t datagrams, std::uint64_t bytes) {
    datagrams_ += datagrams;
    bytes_ += bytes;
    if (status_.active()) {
      last_sent_ = Clock::now();
      update_if_due(last_sent_);
    }
  }
  // --replay: what the capture held that is not sent, for the summary.
  void skipped(const SkippedPackets& skipped) { skipped_ = skipped; }
  void replied() { ++replies_; }
  // An ICMP port unreachable came back: nothing listens at the destination.
  void refused() { ++refused_; }
  // A heartbeat's send met no route or no neighbour (the host is down).
  void unreachable() { ++unreachable_; }
  std::uint64_t datagrams() const { return datagrams_; }

  // Pauses until `due` (pacing), keeping the status line up to date
  // meanwhile; true when an interrupt cut the pause short.
  bool pause_until(Clock::time_point due);

  // Takes the status line down for good: before a reply is printed, and at
  // exit. To a file or pipe (--progress) it ends with a last line: the share
  // or count sent, without a time left.
  void end_status();

  // At exit: the status line down and, with --summary json, the summary on
  // stderr, sent to `destination`; a heartbeat (-n 0) and a replay have a
  // text summary too, since nothing else says what they did (a replay: what
  // it skipped). Returns `outcome`.
  Status finish(Status outcome, const net::Endpoint& destination);

 private:
  void update_if_due(Clock::time_point now);
  StatusText status_text(Clock::time_point now, bool last);
  std::string text_summary(double seconds, const net::Endpoint& destination) const;

  const SendOptions* options_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_sent_ = start_;  // kept while the status line is shown
  std::uint64_t datagrams_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t replies_ = 0;
  std::uint64_t refused_ = 0;
  std::uint64_t unreachable_ = 0;
  std::optional<std::uint64_t> planned_;
  std::optional<SkippedPackets> skipped_;
  StatusLine status_;
  RecentRate rate_{start_};
};

// Whether a send is long work, which shows a status line on a terminal
// without --progress: repeated, paced or line by line, and not typed at the
// terminal the line would be drawn over.
bool send_is_long_work(const SendOptions& options);

}  // namespace dgram
