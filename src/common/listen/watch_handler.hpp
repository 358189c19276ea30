// `dgram listen --watch DURATION` as a mode of the receive loop
// (receive_session.hpp): a bounded table of senders (watch_table.hpp) and
// an event line on stdout when a sender is first heard (`new`), has not
// been heard for DURATION (`quiet`, written by a timer the moment the
// deadline passes) and is heard again after that (`back`). Datagrams
// themselves are not shown: stdout carries the events alone.
#pragma once

#include <optional>
#include <string>

#include "common/listen/receive_session.hpp"
#include "common/listen/watch_options.hpp"
#include "common/listen/watch_table.hpp"

namespace dgram {

class WatchHandler final : public ReceiveHandler {
 public:
  WatchHandler(const WatchOptions& options, const RecordStyle& style);

  void started(ReceiveSession& session) override;
  std::optional<Clock::time_point> wake_at() const override;
  void tick(Clock::time_point now) override;
  Result<bool> accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                        ReceiveSession& session) override;
  void finish(ListenStats& stats) override;

 private:
  enum class Event { fresh, quiet, back };
  void event(Event event, const WatchedSender& sender, Clock::duration silent);
  void update_counts();

  WatchOptions options_;
  bool json_;
  WatchTable table_;
  ReceiveSession* session_ = nullptr;
  WatchCounts* counts_ = nullptr;  // in the session's stats, from started()
  std::string line_;
};

// An event line: "2026-12-03T11:00:05.123456Z quiet 192.0.2.7 (last heard
// 5.002 s ago)", or with `json` one JSON object on a line.
std::string watch_event_line(bool json, std::string_view event, const WatchedSender& sender,
                             WallClock::time_point time,
                             std::optional<std::chrono::steady_clock::duration> silent);

}  // namespace dgram
