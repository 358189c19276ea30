// `dgram listen --exec COMMAND`: a program per accepted datagram, as a mode
// of the receive loop (receive_session.hpp). The datagram goes to a handler
// in the exec pool (exec_pool.hpp); when the handler ends, what it wrote to
// standard output goes back to the sender as one datagram and the record is
// written, with how the handler ended. Its standard error comes out on
// dgram's, line by line, each marked with the sender it was for.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/listen/exec_options.hpp"
#include "common/listen/exec_pool.hpp"
#include "common/listen/receive_session.hpp"
#include "common/listen/wake_socket.hpp"
#include "common/records/warning_limiter.hpp"

namespace dgram {

class ExecHandler final : public ReceiveHandler {
 public:
  // Opens what the handlers report through (a wake socket on loopback).
  static Result<std::unique_ptr<ExecHandler>> open(const ExecOptions& options, std::FILE* log);

  void started(ReceiveSession& session) override;
  void add_sockets(std::vector<net::UdpSocket*>& sockets) override;
  std::optional<Clock::time_point> wake_at() const override;
  void tick(Clock::time_point now) override;
  Status woke(const Woke& woke, ReceiveSession& session) override;
  Result<bool> accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                        ReceiveSession& session) override;
  bool settling() const override;
  void finish(ListenStats& stats) override;

  // Lines of a handler's standard error are held this long after the first
  // one, so that a command the shell cannot find is told once, not once per
  // datagram; a handler that runs on has them shown as they come.
  static constexpr std::chrono::milliseconds error_hold{250};

 private:
  // A datagram handed to a handler, until the handler ended.
  struct Job {
    net::Endpoint from;      // as shown
    net::Endpoint reply_to;  // as received (IPv4-mapped on a dual-stack listener)
    std::vector<std::byte> input;
    std::size_t size = 0;
    WallClock::time_point time;
    std::vector<std::string> held;  // its standard error, not yet shown
    bool streaming = false;         // its standard error is shown as it comes
  };

  ExecHandler(const ExecOptions& options, std::FILE* log, WakeSocket wake);
  std::vector<std::pair<std::string, std::string>> environment(const Job& job,
                                                               const ReceiveSession& session) const;
  void error_line(std::uint64_t id, std::string line, Clock::time_point now);
  void show_error_line(const Job& job, const std::string& line) const;
  Status ended(std::uint64_t id, const sys::HandlerResult& result, ReceiveSession& session);
  void report_once(const Job& job, const sys::HandlerResult& result);
  std::string reply(const Job& job, const sys::HandlerResult& result, ReceiveSession& session);
  void count(const sys::HandlerResult& result);

  ExecOptions options_;
  std::FILE* log_;
  WakeSocket wake_;
  ExecCounts* counts_ = nullptr;  // in the session's stats, from started()
  std::uint64_t next_id_ = 0;
  std::unordered_map<std::uint64_t, Job> jobs_;
  std::deque<std::pair<Clock::time_point, std::uint64_t>> releases_;  // when held lines go out
  std::vector<ExecEvent> events_;
  WarningLimiter timeout_warnings_;
  WarningLimiter reply_warnings_;
  bool not_found_told_ = false;
  bool not_started_told_ = false;
  // Last: destroyed first, so that no worker outlives what its jobs use.
  ExecPool pool_;
};

}  // namespace dgram
