#include "common/listen/receive_session.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "common/system.hpp"

namespace dgram {
namespace {

using Clock = std::chrono::steady_clock;

// A failed write while the user pressed Ctrl+C is the interrupt's doing.
Error output_failure(Error error) {
  if (sys::interrupt_requested()) return interrupted_error();
  return error;
}

bool any_settling(std::span<ReceiveHandler* const> handlers) {
  return std::any_of(handlers.begin(), handlers.end(),
                     [](const ReceiveHandler* handler) { return handler->settling(); });
}

// Endpoint's == without a call to memcmp: it runs once per datagram.
bool same_endpoint(const net::Endpoint& a, const net::Endpoint& b) {
  std::uint64_t a_words[2];
  std::uint64_t b_words[2];
  std::memcpy(a_words, a.address.data(), sizeof a_words);
  std::memcpy(b_words, b.address.data(), sizeof b_words);
  return ((a_words[0] ^ b_words[0]) | (a_words[1] ^ b_words[1])) == 0 && a.port == b.port &&
         a.family == b.family && a.scope_id == b.scope_id;
}

void earliest(std::optional<Clock::time_point>& until, std::optional<Clock::time_point> other) {
  if (other && (!until || *other < *until)) until = other;
}

}  // namespace

ReceiveSession::ReceiveSession(const ListenOptions& options, ListenerSocket& listener, Output& out,
                               std::FILE* log, SessionWords words)
    : options_(&options),
      listener_(&listener),
      out_(&out),
      log_(log),
      words_(std::move(words)),
      oversize_warnings_(log, "oversize datagrams"),
      status_line_(log, options.progress, words_.status_worth_it, stats_.start),
      recent_rate_(stats_.start),
      allow_(options.allow) {
  // Before the start line, which tells scripts and tests that datagrams may come.
  drops_known_ = listener.socket.enable_kernel_drop_count();
  listener.socket.enable_coalesced_receive();  // many datagrams per read where the OS can
  if (!options.allow.empty()) stats_.rejected = 0;
  if (options.pcap) listener.socket.enable_destination_address();  // for --pcap
  needs_time_ = options.style.timestamps || options.style.format == OutputFormat::json ||
                options.pcap.has_value();
  records_ = !options.quiet && !(options.pcap && *options.pcap == "-");
  // Records nobody reads are not worth watching for.
  output_watched_ = !options.quiet;
}

Status ReceiveSession::run(std::span<ReceiveHandler* const> handlers) {
  if (options_->pcap) {  // before the start line: what comes after it is in the file
    auto opened = CaptureSink::open(*options_->pcap, listener_->local);
    if (!opened) return opened.take_error();
    capture_ = std::move(*opened);
  }
  announce_listener(log_, *listener_, *options_);
  for (ReceiveHandler* handler : handlers) handler->started(*this);
  // -t counts from the last accepted datagram (or what a mode counts as
  // activity): rejected ones (--allow) must not keep a listener alive.
  if (options_->idle_timeout) kept_alive(Clock::now());
  while (true) {
    bool done = false;
    if (auto turned = turn(handlers, done); !turned) {
      return finish(handlers, output_failure(turned.take_error()));
    }
    if (done) return finish(handlers, {});
  }
}

void ReceiveSession::kept_alive(Clock::time_point now) {
  if (options_->idle_timeout) idle_deadline_ = now + *options_->idle_timeout;
}

// Once round the loop: the status line, the handlers' timers, one wait and
// what it found.
Status ReceiveSession::turn(std::span<ReceiveHandler* const> handlers, bool& done) {
  const auto now = Clock::now();
  if (status_line_.active() && status_line_.due(now)) update_status(now);
  for (ReceiveHandler* handler : handlers) handler->tick(now);
  listening_ = !output_gone_ && (!options_->count || stats_.datagrams < *options_->count);
  if (!listening_) {
    if (!settle_deadline_) {
      std::optional<Clock::duration> most = words_.settle_most;
      if (options_->idle_timeout && (!most || *options_->idle_timeout < *most)) {
        most = *options_->idle_timeout;
      }
      settle_deadline_ = most ? now + *most : Clock::time_point::max();
    }
    if (settled(handlers, now)) {
      if (output_gone_) return output_closed();
      done = true;
      return {};
    }
  }
  if (auto waited = wait(handlers); !waited) return waited;
  if (ready_.output_closed) {
    if (!any_settling(handlers)) return output_closed();
    // A relay's answers still on their way reach their clients, as after -n:
    // no more datagrams are taken, no more records written.
    output_gone_ = true;
    output_watched_ = false;
  }
  // A flood of rejected datagrams keeps the socket readable: the deadline
  // is checked on its own, not only when a wait times out.
  if (listening_ && idle_deadline_ && Clock::now() >= *idle_deadline_) {
    return Error{
        ErrorKind::timed_out,
        fmt::format("{} within {} ms (--timeout)", words_.idle,
                    options_->idle_timeout.value_or(std::chrono::milliseconds(0)).count())};
  }
  return dispatch(handlers);
}

Error ReceiveSession::output_closed() {
  return Error{ErrorKind::output_closed, "the reader of the output went away"};
}

bool ReceiveSession::settled(std::span<ReceiveHandler* const> handlers,
                             Clock::time_point now) const {
  return now >= *settle_deadline_ || !any_settling(handlers);
}

// With records to write, looks first; only when nothing is ready are they
// written out (a pipe's reader sees each one promptly, a flood gets them in
// batches) and the wait may block. Nothing to write: one wait, no look.
Status ReceiveSession::wait(std::span<ReceiveHandler* const> handlers) {
  sockets_.clear();
  handler_first_.clear();
  if (listening_) sockets_.push_back(&listener_->socket);
  bool input = false;
  for (ReceiveHandler* handler : handlers) {
    handler_first_.push_back(sockets_.size());
    handler->add_sockets(sockets_);
    input |= handler->watches_input();
  }
  handler_first_.push_back(sockets_.size());
  if (capture_ || out_->backlog()) {
    auto looked = net::wait(sockets_, input, output_watched_, Clock::now(), ready_);
    if (!looked || ready_.woke()) return looked;
    if (auto written = write_out(/*idle=*/true); !written) return written;
  }
  auto until = wait_deadline(handlers);
  // Records stdout had no room for: tried again soon.
  if (out_->backlog()) earliest(until, Clock::now() + std::chrono::milliseconds(20));
  return net::wait(sockets_, input, output_watched_, until, ready_);
}

// Writes the records out when idle, or when enough piled up.
Status ReceiveSession::write_out(bool idle) {
  auto captured = !capture_ ? Status{} : idle ? capture_->flush() : capture_->flush_if_due();
  if (!captured) return captured;
  if (!idle && !out_->due()) return {};
  return words_.output_never_waits ? out_->flush_now() : out_->flush();
}

std::optional<Clock::time_point> ReceiveSession::wait_deadline(
    std::span<ReceiveHandler* const> handlers) const {
  std::optional<Clock::time_point> until = listening_ ? idle_deadline_ : settle_deadline_;
  if (status_line_.active()) earliest(until, status_line_.next_update());
  for (const ReceiveHandler* handler : handlers) earliest(until, handler->wake_at());
  return until;
}

// The handlers' own sockets and input first: a relay's client table (and
// so its indexes) changes only with the listener's datagrams.
Status ReceiveSession::dispatch(std::span<ReceiveHandler* const> handlers) {
  // One time for what this turn shows, whose datagrams came in one read or
  // moments apart: a clock read per datagram is a large part of a record's
  // cost (bench/RESULTS.md).
  time_ = needs_time_ ? WallClock::now() : WallClock::time_point{};
  for (std::size_t h = 0; h < handlers.size(); ++h) {
    const std::size_t first = handler_first_[h];
    const std::size_t end = handler_first_[h + 1];
    auto own = [&](const std::vector<std::size_t>& from, std::vector<std::size_t>& to) {
      to.clear();
      for (const std::size_t index : from) {
        if (index >= first && index < end) to.push_back(index - first);
      }
    };
    own(ready_.readable, own_);
    own(ready_.refused, own_refused_);
    const bool input = ready_.input && handlers[h]->watches_input();
    if (own_.empty() && own_refused_.empty() && !input) continue;
    if (auto handled = handlers[h]->woke({own_, own_refused_, input}, *this); !handled) {
      return handled;
    }
  }
  if (!listening_) return {};
  if (!ready_.refused.empty() && ready_.refused.front() == 0) ++stats_.icmp_errors;
  if (ready_.readable.empty() || ready_.readable.front() != 0) return {};
  return receive(handlers);
}

// Without handlers (whose own sockets wait meanwhile), what one read brought
// is taken batch after batch in one turn: up to 2,048 datagrams from one
// recvmmsg, with one wait and one clock read for all of them.
Status ReceiveSession::receive(std::span<ReceiveHandler* const> handlers) {
  const std::uint64_t before = stats_.datagrams;
  Status status;
  do {
    status = receive_batch(handlers);
  } while (status && handlers.empty() && listener_->socket.has_read_ahead() && !output_gone_ &&
           batch_wanted(*options_, stats_.datagrams) > 0);
  if (stats_.datagrams != before) kept_alive(Clock::now());
  return status;
}

Status ReceiveSession::receive_batch(std::span<ReceiveHandler* const> handlers) {
  std::size_t wanted = batch_wanted(*options_, stats_.datagrams);
  for (const ReceiveHandler* handler : handlers) wanted = std::min(wanted, handler->read_most());
  auto received = listener_->socket.receive_batch(std::span(batch_).first(wanted));
  if (!received) {
    // A listener must outlive its peers: an ICMP error left by an earlier
    // send is counted, never fatal.
    const ErrorKind kind = received.error().kind;
    if (is_icmp_error(kind)) {
      ++stats_.icmp_errors;
      return {};
    }
    if (kind == ErrorKind::would_block) return {};
    return received.take_error();
  }
  const auto batch = std::span(batch_).first(*received);
  for (std::size_t i = 0; i < batch.size();) {
    // Without handlers, which see each datagram alone, the datagrams of one
    // sender in a row (one coalesced read) are taken as a run.
    std::size_t end = i + 1;
    if (handlers.empty()) {
      while (end < batch.size() &&
             same_endpoint(batch[end].received.from, batch[i].received.from)) {
        ++end;
      }
    }
    auto accepted =
        end - i > 1 ? accept_run(batch.subspan(i, end - i)) : accept(handlers, batch[i]);
    if (!accepted) return accepted;
    i = end;
  }
  for (ReceiveHandler* handler : handlers) {
    if (auto sent = handler->received_all(*this); !sent) return sent;
  }
  // Each read's datagrams are in the capture file before the next read.
  return capture_ ? capture_->flush() : Status{};
}

void ReceiveSession::update_status(Clock::time_point now) {
  if (drops_known_) stats_.kernel_drops = listener_->socket.kernel_drops();
  status_line_.show(listen_status_text(stats_, recent_rate_.update(stats_.datagrams, now), now),
                    now);
}

Status ReceiveSession::finish(std::span<ReceiveHandler* const> handlers, Status status) {
  Status flushed = out_->flush();
  if (Status captured = capture_ ? capture_->flush() : Status{}; flushed && !captured) {
    flushed = std::move(captured);
  }
  if (drops_known_) stats_.kernel_drops = listener_->socket.kernel_drops();
  stats_.not_written = out_->not_written();
  status_line_.finish();
  oversize_warnings_.finish();
  for (ReceiveHandler* handler : handlers) handler->finish(stats_);
  if (status && !flushed) status = output_failure(flushed.take_error());
  print_listen_summary(log_, stats_, options_->summary, status);
  return status;
}

}  // namespace dgram
