#include "common/listen/stats_handler.hpp"

#include <fmt/format.h>

#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/records/timestamp.hpp"
#include "common/seq_header.hpp"

namespace dgram {

StatsHandler::StatsHandler(const StatsOptions& options, bool show, bool json)
    : options_(options), show_(show), json_(json) {}

void StatsHandler::started(ReceiveSession& session) {
  log_ = session.log();
  counts_ = &session.stats().stats.emplace();
  if (options_.every) next_report_ = Clock::now() + *options_.every;
}

std::optional<ReceiveHandler::Clock::time_point> StatsHandler::wake_at() const {
  return next_report_;
}

// --stats-every: a line per sender heard so far, on stderr.
void StatsHandler::tick(Clock::time_point now) {
  if (!next_report_ || now < *next_report_) return;
  while (*next_report_ <= now) *next_report_ += *options_.every;
  std::string time;
  append_timestamp(time, WallClock::now());
  for (const SenderSeqCounts& sender : snapshot()) {
    if (json_) {
      std::string object = seq_counts_json(sender);
      object.insert(1, "\"time\":\"" + time + "\",");
      print_diagnostic(log_, "{}\n", object);
    } else {
      print_diagnostic(log_, "dgram: stats {} {}\n", time, seq_counts_text(sender));
    }
  }
}

Result<bool> StatsHandler::accepted(const net::ReceivedDatagram& datagram,
                                    const net::Endpoint& from, ReceiveSession& session) {
  const std::size_t size = datagram.received.size;
  const std::size_t shown = std::min(session.within_limit(size, from), datagram.bytes.size());
  const auto bytes = datagram.bytes.first(shown);
  const std::optional<SeqHeader> header = read_seq_header(bytes);
  if (!header) {
    ++counts_->without_header;
    if (!show_) return false;
    Status status = session.show_record(Record{from, bytes, size, session.arrival_time(), {}, {}});
    if (!status) return status.take_error();
    return false;
  }
  follow(from, header->sequence, header->sent_ns);
  if (!show_) return false;
  note_ = fmt::format("seq {}", header->sequence);
  fields_ = fmt::format(",\"seq\":{}", header->sequence);
  Status status =
      session.show_record(Record{from, bytes.subspan(seq_header_size), size - seq_header_size,
                                 session.arrival_time(), note_, fields_});
  if (!status) return status.take_error();
  return false;
}

void StatsHandler::follow(const net::Endpoint& from, std::uint64_t sequence,
                          std::uint64_t sent_ns) {
  const std::string name = endpoint_text(from);
  auto found = index_.find(name);
  if (found == index_.end()) {
    if (senders_.size() >= max_stats_senders) {
      ++counts_->untracked;
      return;
    }
    found = index_.emplace(name, senders_.size()).first;
    senders_.push_back(Sender{name, {}, {}});
  }
  Sender& sender = senders_[found->second];
  const auto arrived =
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch());
  sender.tracker.heard(sequence, sent_ns, arrived.count());
  const SeqCounts now = sender.tracker.counts();
  counts_->received += now.received - sender.told.received;
  counts_->lost = counts_->lost + now.lost - sender.told.lost;
  counts_->reordered += now.reordered - sender.told.reordered;
  counts_->duplicated += now.duplicated - sender.told.duplicated;
  counts_->last_jitter_ms = now.jitter_ms;
  sender.told = now;
}

std::vector<SenderSeqCounts> StatsHandler::snapshot() const {
  std::vector<SenderSeqCounts> all;
  all.reserve(senders_.size());
  for (const Sender& sender : senders_) all.push_back({sender.name, sender.tracker.counts()});
  return all;
}

void StatsHandler::finish(ListenStats& stats) {
  (void)stats;  // counts_ is its stats part
  counts_->senders = snapshot();
}

}  // namespace dgram
