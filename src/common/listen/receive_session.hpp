// The one receive loop of `dgram listen`, whatever the mode. The session owns
// the listener socket, the record output, the status line, the -t deadline,
// -n, the interrupt and the counts; each accepted datagram goes to the mode's
// handlers: echo (echo_back.hpp), talk back (talk_back.hpp), relay
// (relay.hpp). A new mode is a new handler, never a new loop.
#pragma once

#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/capture/capture_sink.hpp"
#include "common/listen/listen.hpp"
#include "common/listen/listen_summary.hpp"
#include "common/listen/listener_socket.hpp"
#include "common/listen/sender_policy.hpp"
#include "common/net.hpp"
#include "common/records/output.hpp"
#include "common/records/status_line.hpp"
#include "common/records/warning_limiter.hpp"
#include "common/result.hpp"
#include "common/wait.hpp"

namespace dgram {

// Every send the receive side makes (an echo, a relayed datagram, an answer
// going back, a typed line): never waited for, since the listener's receive
// buffer overflows meanwhile; what cannot go at once is dropped and counted.
inline constexpr net::SendMode receive_side_send = net::SendMode::now_or_never;

class ReceiveSession;

// What a mode adds to the loop. Every hook has a do-nothing default.
class ReceiveHandler {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~ReceiveHandler() = default;

  // Once the listener's start line is out.
  virtual void started(ReceiveSession& session) { (void)session; }
  // Sockets of its own to wait on, appended after the listener's; the list
  // is made afresh each time round the loop, after tick().
  virtual void add_sockets(std::vector<net::UdpSocket*>& sockets) { (void)sockets; }
  // Whether the wait watches standard input for it.
  virtual bool watches_input() const { return false; }
  // A time the loop must come round by even if nothing arrives (a timer).
  virtual std::optional<Clock::time_point> wake_at() const { return std::nullopt; }
  // Each time round the loop, before the wait (timers fire here).
  virtual void tick(Clock::time_point now) { (void)now; }
  // What the wait found for it: `own` are the indexes of its readable
  // sockets and `refused` of those whose ICMP error the wait took, both
  // counted from the first socket it added; `input` for standard input.
  struct Woke {
    std::span<const std::size_t> own;
    std::span<const std::size_t> refused;
    bool input = false;
  };
  virtual Status woke(const Woke& woke, ReceiveSession& session) {
    (void)woke;
    (void)session;
    return {};
  }
  // Whether a datagram from `from` is dropped before it is even counted
  // (a relay: its own upstream sockets, a loop); the handler counts it.
  virtual bool refuses(const net::Endpoint& from) {
    (void)from;
    return false;
  }
  // A datagram the listener accepted (--allow passed it), counted already;
  // `from` has IPv4-mapped addresses unmapped. False: it is not shown.
  virtual Result<bool> accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                                ReceiveSession& session) {
    (void)datagram;
    (void)from;
    (void)session;
    return true;
  }
  // How many datagrams one read of the listener takes at most (at least 1);
  // the session reads no more than the least any handler asks for.
  virtual std::size_t read_most() const { return net::batch_most; }
  // After every datagram of one read of the listener was accepted: what the
  // handler held back to send in one batch goes now.
  virtual Status received_all(ReceiveSession& session) {
    (void)session;
    return {};
  }
  // Once -n datagrams came: whether it still waits for something they set
  // off (a relay: their answers). The session bounds the time it may take.
  virtual bool settling() const { return false; }
  // At the end: notes held back, its counts into the summary.
  virtual void finish(ListenStats& stats) { (void)stats; }
};

// How a mode words what the session reports.
struct SessionWords {
  std::string idle = "no datagram arrived";  // "... within N ms (--timeout)"
  std::string oversize_note;                 // appended to the oversize warning's advice
  bool status_worth_it = true;               // a status line unless --progress asks
  // Records are written only as fast as stdout takes them without waiting;
  // what cannot keep up is counted as not written (a relay: its clients
  // must not wait for a slow reader of its records).
  bool output_never_waits = false;
  // How long, once -n datagrams came, the session waits at most for what
  // they set off (a relay's answers, a handler's reply); -t, when shorter,
  // bounds it too. Nothing: only -t (a handler is bounded by its timeout).
  std::optional<std::chrono::milliseconds> settle_most = std::chrono::milliseconds(2000);
};

class ReceiveSession {
 public:
  using Clock = std::chrono::steady_clock;

  ReceiveSession(const ListenOptions& options, ListenerSocket& listener, Output& out,
                 std::FILE* log, SessionWords words);

  // Receives until -n datagrams came (and the handlers settled), -t passed
  // idle, the reader of the output went away, or the user interrupted;
  // then writes the summary.
  Status run(std::span<ReceiveHandler* const> handlers);

  // For handlers.
  net::UdpSocket& listener() { return listener_->socket; }
  const net::Endpoint& local() const { return listener_->local; }
  std::FILE* log() const { return log_; }
  ListenStats& stats() { return stats_; }
  // A record of `bytes` (the first of a datagram of `size`) from `from`.
  Status show(std::span<const std::byte> bytes, std::size_t size, const net::Endpoint& from);
  // How much of a datagram of `size` from `from` is within --max-size; one
  // over it is counted and warned about. (show() does it itself.)
  std::size_t within_limit(std::size_t size, const net::Endpoint& from);
  // A record made after its datagram's turn (a handler's, once it ended),
  // with `record.time` from arrival_time() then.
  Status show_record(const Record& record);
  // A line of the mode's own among the records (a --watch event), written
  // out with them; nothing with -q.
  void add_line(std::string_view line);
  // When the datagrams of this turn arrived, as their records show it.
  WallClock::time_point arrival_time() const { return time_; }
  const ListenOptions& options() const { return *options_; }
  // Something passed that -t counts as activity (a relay's answer).
  void kept_alive(Clock::time_point now);

 private:
  Status turn(std::span<ReceiveHandler* const> handlers, bool& done);
  Status wait(std::span<ReceiveHandler* const> handlers);
  Status dispatch(std::span<ReceiveHandler* const> handlers);
  Status receive(std::span<ReceiveHandler* const> handlers);
  Status receive_batch(std::span<ReceiveHandler* const> handlers);
  Status accept(std::span<ReceiveHandler* const> handlers, const net::ReceivedDatagram& datagram);
  Status accept_run(std::span<const net::ReceivedDatagram> run);
  std::optional<Clock::time_point> wait_deadline(std::span<ReceiveHandler* const> handlers) const;
  bool settled(std::span<ReceiveHandler* const> handlers, Clock::time_point now) const;
  static Error output_closed();
  void update_status(Clock::time_point now);
  Status finish(std::span<ReceiveHandler* const> handlers, Status status);
  Status write_out(bool idle);

  const ListenOptions* options_;
  ListenerSocket* listener_;
  Output* out_;
  std::FILE* log_;
  SessionWords words_;
  ListenStats stats_;
  bool drops_known_ = false;
  bool needs_time_ = false;
  WallClock::time_point time_{};  // of the batch being handled
  std::optional<Clock::time_point> idle_deadline_;
  std::optional<Clock::time_point> settle_deadline_;
  WarningLimiter oversize_warnings_;
  StatusLine status_line_;
  RecentRate recent_rate_;
  AllowList allow_;
  std::array<net::ReceivedDatagram, net::batch_most> batch_;
  std::vector<net::UdpSocket*> sockets_;
  bool listening_ = true;                   // the listener is in sockets_[0]
  std::vector<std::size_t> handler_first_;  // where each handler's sockets start
  net::WaitResult ready_;
  std::vector<std::size_t> own_, own_refused_;  // scratch for ReceiveHandler::Woke
  bool output_watched_ = false;
  bool output_gone_ = false;              // the reader left while a handler was settling
  std::unique_ptr<CaptureSink> capture_;  // --pcap
  bool records_ = true;                   // records go to stdout: not -q, no --pcap -
};

}  // namespace dgram
