// The relay's traffic: each client's datagrams of one read of the listener
// go to the upstream in one batch, and each read of a client's upstream
// socket goes back to that client in one batch (sendmmsg on Linux: a system
// call per batch, not per datagram).
#include "common/listen/relay.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/wait.hpp"

namespace dgram {

void Relay::send_upstream() {
  for (ClientTable::Client* client : holding_) send_upstream(*client);
  holding_.clear();
}

// On POSIX a refusal the upstream sent for an earlier datagram comes with a
// send, which then did not go out: that datagram once more.
void Relay::send_upstream(ClientTable::Client& client) {
  // The client's credit for what it sent, once for the batch.
  std::size_t held_bytes = 0;
  for (const auto datagram : client.held) held_bytes += datagram.size();
  budget_.heard(client.address, held_bytes, client.last_active);
  std::span<const std::span<const std::byte>> left = client.held;
  bool retried = false;
  while (!left.empty()) {
    std::size_t sent = 0;
    auto status = client.upstream.send_batch_now(left, nullptr, sent);
    counts_->relayed += sent;
    if (sent > 0) {
      client.awaiting_answer = true;
      retried = false;
    }
    left = left.subspan(sent);
    if (status) break;
    if (is_icmp_error(status.error().kind) && !retried) {
      refused_upstream();
      retried = true;
      continue;
    }
    not_relayed(client, left.front().size(), status.error());
    left = left.subspan(1);
    retried = false;
  }
  client.held.clear();
}

void Relay::not_relayed(const ClientTable::Client& client, std::size_t size, const Error& error) {
  ++counts_->not_relayed;
  if (relay_warnings_.allow()) {
    print_diagnostic(log_, "dgram: warning: cannot relay {} byte{} from {} to {}: {}\n", size,
                     size == 1 ? "" : "s", endpoint_text(unmap(client.address)),
                     endpoint_text(upstream_.current()), error.message);
  }
}

// While datagrams flow both ways, each read of a socket takes a slice: the
// answers waiting on an upstream socket go back between slices of requests,
// and each slice of requests goes upstream before the next is read. The
// client and the upstream then work on one slice while the relay reads the
// next, instead of all of them waiting in turn for whole batches (bench/:
// one client keeping 32 requests out). Traffic one way takes whole batches:
// fewer system calls per datagram.
std::size_t Relay::read_slice() const {
  constexpr std::size_t slice = 8;
  constexpr auto lately = std::chrono::seconds(1);
  const bool both_ways = turn_time_ - last_request_ < lately && turn_time_ - last_answer_ < lately;
  return both_ways ? slice : net::batch_most;
}

Status Relay::from_upstream(ClientTable::Client& client, ReceiveSession& session) {
  auto got = client.upstream.receive_batch(std::span(answers_).first(read_slice()));
  if (!got) {
    // An ICMP error (the upstream's port closed) or anything else on one
    // client's path: counted, never the end of the relay.
    if (is_icmp_error(got.error().kind)) {
      client.awaiting_answer = false;  // refused: no answer is coming
      refused_upstream();
    } else if (got.error().kind != ErrorKind::would_block) {
      ++counts_->answers_not_delivered;
    }
    return {};
  }
  if (*got == 0) return {};
  const auto now = last_answer_ = Clock::now();
  client.last_active = now;
  client.awaiting_answer = false;
  upstream_.answered();
  session.kept_alive(now);
  const auto answers = std::span(answers_).first(*got);
  answer_client(client, answers, now);
  for (const net::ReceivedDatagram& answer : answers) {
    auto shown = session.show(answer.bytes, answer.received.size, unmap(answer.received.from));
    if (!shown) return shown;
  }
  return {};
}

// The one place answers from the upstream go back: to the client whose
// upstream socket they came on, from the listener, in one batch.
void Relay::answer_client(const ClientTable::Client& client,
                          std::span<const net::ReceivedDatagram> answers, Clock::time_point now) {
  outgoing_.clear();
  RelayBudget::Allowance allowance = budget_.allowance(client.address, now);
  for (const net::ReceivedDatagram& answer : answers) {
    if (allowance.allows(answer.bytes.size())) {
      outgoing_.push_back(answer.bytes);
    } else {
      ++counts_->held_back;  // over --forward-budget: not sent, still shown
      counts_->held_back_bytes += answer.bytes.size();
    }
  }
  std::span<const std::span<const std::byte>> left = outgoing_;
  while (!left.empty()) {
    std::size_t sent = 0;
    auto status = listener_->send_batch_now(left, &client.address, sent);
    counts_->answers += sent;
    for (std::size_t i = 0; i < sent; ++i) counts_->answer_bytes += left[i].size();
    left = left.subspan(sent);
    if (status) break;
    ++counts_->answers_not_delivered;  // that one; the rest are tried again
    left = left.subspan(1);
  }
}

// Answers already waiting on an evicted client's socket can never reach it.
void Relay::drain_evicted(ClientTable::Client& evicted) {
  for (int reads = 0; reads < 64; ++reads) {
    auto ready = net::wait_readable(evicted.upstream, std::chrono::milliseconds(0));
    if (!ready || *ready != net::Readiness::readable) return;
    auto got = evicted.upstream.receive_batch(answers_);
    if (got) counts_->answers_lost_to_eviction += *got;
  }
}

}  // namespace dgram
