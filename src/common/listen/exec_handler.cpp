#include "common/listen/exec_handler.hpp"

#include <fmt/format.h>

#include "common/limits.hpp"
#include "common/listen/exec_record.hpp"
#include "common/listen/sender_policy.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/escape.hpp"

namespace dgram {

Result<std::unique_ptr<ExecHandler>> ExecHandler::open(const ExecOptions& options, std::FILE* log) {
  auto wake = WakeSocket::open();
  if (!wake) {
    Error error = wake.take_error();
    error.message =
        "cannot open the loopback socket --exec's handlers report through: " + error.message;
    return error;
  }
  return std::unique_ptr<ExecHandler>(new ExecHandler(options, log, std::move(*wake)));
}

ExecHandler::ExecHandler(const ExecOptions& options, std::FILE* log, WakeSocket wake)
    : options_(options),
      log_(log),
      wake_(std::move(wake)),
      timeout_warnings_(log, "handlers timed out"),
      reply_warnings_(log, "replies too big"),
      pool_(ExecBounds{options.command, options.jobs, options.queue, options.timeout},
            [this] { wake_.wake(); }) {}

void ExecHandler::started(ReceiveSession& session) {
  counts_ = &session.stats().exec.emplace();
  print_diagnostic(log_,
                   "dgram: each datagram goes to: {} (through {}; at most {} at once, {} more "
                   "queued, each killed after {} ms)\n",
                   options_.command, sys::handler_shell(), options_.jobs, options_.queue,
                   options_.timeout.count());
}

void ExecHandler::add_sockets(std::vector<net::UdpSocket*>& sockets) {
  sockets.push_back(&wake_.socket());
}

std::optional<ReceiveHandler::Clock::time_point> ExecHandler::wake_at() const {
  if (releases_.empty()) return std::nullopt;
  return releases_.front().first;
}

void ExecHandler::tick(Clock::time_point now) {
  while (!releases_.empty() && releases_.front().first <= now) {
    const auto found = jobs_.find(releases_.front().second);
    releases_.pop_front();
    if (found == jobs_.end()) continue;  // ended meanwhile, its lines told then
    Job& job = found->second;
    for (const std::string& line : job.held) show_error_line(job, line);
    job.held.clear();
    job.streaming = true;
  }
}

std::vector<std::pair<std::string, std::string>> ExecHandler::environment(
    const Job& job, const ReceiveSession& session) const {
  return {{"DGRAM_SENDER", endpoint_text(job.from)},
          {"DGRAM_SENDER_ADDRESS", net::address_text(job.from)},
          {"DGRAM_SENDER_PORT", std::to_string(job.from.port)},
          {"DGRAM_LOCAL_PORT", std::to_string(session.local().port)},
          {"DGRAM_SIZE", std::to_string(job.size)},
          {"DGRAM_TRUNCATED", job.input.size() < job.size ? "1" : "0"}};
}

Result<bool> ExecHandler::accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                                   ReceiveSession& session) {
  const std::size_t size = datagram.received.size;
  const std::size_t shown = std::min(session.within_limit(size, from), datagram.bytes.size());
  const std::uint64_t id = next_id_++;
  Job& job = jobs_[id];
  job.from = from;
  job.reply_to = datagram.received.from;
  job.input.assign(datagram.bytes.begin(), datagram.bytes.begin() + static_cast<long>(shown));
  job.size = size;
  job.time = session.arrival_time();
  const std::size_t output_most =
      from.family == net::Family::ipv4 ? max_ipv4_payload : max_ipv6_payload;
  if (pool_.submit({id, job.input, environment(job, session), output_most})) return false;
  ++counts_->dropped;
  const ExecNote note = dropped_note();
  Status shown_status =
      session.show_record(Record{from, job.input, size, job.time, note.text, note.json});
  jobs_.erase(id);
  if (!shown_status) return shown_status.take_error();
  return false;
}

Status ExecHandler::woke(const Woke& woke, ReceiveSession& session) {
  if (!woke.own.empty()) wake_.drain();
  events_.clear();
  pool_.take_events(events_);
  const auto now = Clock::now();
  for (ExecEvent& event : events_) {
    if (!event.finished) {
      error_line(event.id, std::move(event.line), now);
    } else if (auto told = ended(event.id, event.result, session); !told) {
      return told;
    }
  }
  return {};
}

void ExecHandler::error_line(std::uint64_t id, std::string line, Clock::time_point now) {
  const auto found = jobs_.find(id);
  if (found == jobs_.end()) return;
  Job& job = found->second;
  if (job.streaming) {
    show_error_line(job, line);
    return;
  }
  if (job.held.empty()) releases_.emplace_back(now + error_hold, id);
  job.held.push_back(std::move(line));
}

void ExecHandler::show_error_line(const Job& job, const std::string& line) const {
  std::string text;
  append_escaped(text, std::as_bytes(std::span(line.data(), line.size())));
  print_diagnostic(log_, "handler for {}: {}\n", endpoint_text(job.from), text);
}

Status ExecHandler::ended(std::uint64_t id, const sys::HandlerResult& result,
                          ReceiveSession& session) {
  const auto found = jobs_.find(id);
  if (found == jobs_.end()) return {};
  const Job& job = found->second;
  count(result);
  report_once(job, result);
  const std::string reply_problem = reply(job, result, session);
  const ExecNote note = ended_note(result, reply_problem, options_.timeout);
  Status status =
      session.show_record(Record{job.from, job.input, job.size, job.time, note.text, note.json});
  jobs_.erase(found);
  // A handler's end is activity for -t, as a relay's answer is.
  session.kept_alive(Clock::now());
  return status;
}

void ExecHandler::count(const sys::HandlerResult& result) {
  using sys::HandlerEnd;
  if (result.end == HandlerEnd::not_started) {
    ++counts_->not_started;
    return;
  }
  ++counts_->run;
  if (result.end == HandlerEnd::timed_out) ++counts_->timed_out;
  if (result.end == HandlerEnd::stopped) ++counts_->stopped;
  if (result.end == HandlerEnd::signalled ||
      (result.end == HandlerEnd::exited && result.code != 0)) {
    ++counts_->failed;
  }
  if (result.end == HandlerEnd::exited && sys::means_not_found(result)) ++counts_->not_found;
}

// Its held lines, and what only one handler in a run says: a command the
// shell cannot find, a shell that cannot start.
void ExecHandler::report_once(const Job& job, const sys::HandlerResult& result) {
  using sys::HandlerEnd;
  const bool not_found = result.end == HandlerEnd::exited && sys::means_not_found(result);
  const bool told_before = (not_found && not_found_told_) ||
                           (result.end == HandlerEnd::not_started && not_started_told_);
  if (!told_before) {
    for (const std::string& line : job.held) show_error_line(job, line);
  }
  if (not_found && !not_found_told_) {
    not_found_told_ = true;
    print_diagnostic(log_,
                     "dgram: warning: the shell cannot find the --exec command '{}' (exit status "
                     "{}); check its name and path; later datagrams are only counted\n",
                     options_.command, result.code);
  } else if (result.end == HandlerEnd::not_started && !not_started_told_) {
    not_started_told_ = true;
    print_diagnostic(log_,
                     "dgram: warning: cannot start {} for --exec: {}; later datagrams are only "
                     "counted\n",
                     sys::handler_shell(), result.error);
  } else if (result.end == HandlerEnd::timed_out && timeout_warnings_.allow()) {
    print_diagnostic(log_,
                     "dgram: warning: the handler for {} ran past --exec-timeout ({} ms) and was "
                     "killed with everything it started\n",
                     endpoint_text(job.from), options_.timeout.count());
  }
}

// Sends what the handler wrote, if it ended by itself and wrote anything;
// says what kept a reply from going ("" when nothing did).
std::string ExecHandler::reply(const Job& job, const sys::HandlerResult& result,
                               ReceiveSession& session) {
  if (result.end != sys::HandlerEnd::exited) return {};
  if (result.output_over) {
    ++counts_->replies_too_big;
    if (reply_warnings_.allow()) {
      print_diagnostic(log_,
                       "dgram: warning: the handler for {} wrote more than {} bytes, more than one "
                       "UDP datagram to it can carry; no reply sent\n",
                       endpoint_text(job.from), result.output.size());
    }
    return "too big";
  }
  if (result.output.empty()) return {};
  if (!may_echo_to(job.from, session.local().port)) {
    ++counts_->replies_not_sent;
    return "refused";
  }
  if (!session.listener().send_to(result.output, job.reply_to, receive_side_send)) {
    ++counts_->replies_not_sent;
    return "send failed";
  }
  ++counts_->replies;
  counts_->reply_bytes += result.output.size();
  return {};
}

bool ExecHandler::settling() const { return !jobs_.empty(); }

void ExecHandler::finish(ListenStats& stats) {
  counts_->never_ran += pool_.stop().size();
  events_.clear();
  pool_.take_events(events_);
  for (const ExecEvent& event : events_) {
    if (event.finished) count(event.result);
  }
  counts_->error_lines_dropped = pool_.error_lines_dropped();
  timeout_warnings_.finish();
  reply_warnings_.finish();
  (void)stats;  // counts_ is its exec part
}

}  // namespace dgram
