// `dgram listen --stats` as a mode of the receive loop
// (receive_session.hpp): the sequence header of `send --seq`
// (seq_header.hpp) is recognised and followed per sender (seq_tracker.hpp);
// records show the payload after it and its sequence number. With
// --stats-every, a line per sender on stderr at that interval.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/listen/receive_session.hpp"
#include "common/listen/seq_tracker.hpp"
#include "common/listen/stats_counts.hpp"

namespace dgram {

struct StatsOptions {
  std::optional<std::chrono::milliseconds> every;  // --stats-every
};

class StatsHandler final : public ReceiveHandler {
 public:
  // `show`: records are shown (not with --watch, whose events replace them).
  StatsHandler(const StatsOptions& options, bool show, bool json);

  void started(ReceiveSession& session) override;
  std::optional<Clock::time_point> wake_at() const override;
  void tick(Clock::time_point now) override;
  Result<bool> accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                        ReceiveSession& session) override;
  void finish(ListenStats& stats) override;

 private:
  struct Sender {
    std::string name;
    SeqTracker tracker;
    SeqCounts told;  // as last added into the totals
  };
  void follow(const net::Endpoint& from, std::uint64_t sequence, std::uint64_t sent_ns);
  std::vector<SenderSeqCounts> snapshot() const;

  StatsOptions options_;
  bool show_;
  bool json_;
  std::FILE* log_ = nullptr;
  StatsCounts* counts_ = nullptr;  // in the session's stats, from started()
  std::vector<Sender> senders_;    // in the order first heard
  std::unordered_map<std::string, std::size_t> index_;
  std::optional<Clock::time_point> next_report_;
  std::string note_, fields_;
};

}  // namespace dgram
