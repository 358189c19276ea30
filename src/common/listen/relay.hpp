// `dgram listen PORT --forward HOST:PORT`: a UDP relay. Every accepted
// datagram goes whole to HOST:PORT from an upstream socket of its client's
// own; what HOST:PORT answers on that socket goes back to that client.
#pragma once

#include <array>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <span>
#include <vector>

#include "common/listen/client_table.hpp"
#include "common/listen/listen.hpp"
#include "common/listen/receive_session.hpp"
#include "common/listen/relay_budget.hpp"
#include "common/listen/upstream.hpp"
#include "common/local_addresses.hpp"
#include "common/records/output.hpp"
#include "common/records/warning_limiter.hpp"
#include "common/result.hpp"

namespace dgram {

// Relays until --count client datagrams were relayed (and their answers
// came back, or SessionWords::settle_most passed), the idle timeout passed
// with nothing relayed either way (ErrorKind::timed_out) or the user
// interrupted. Records of both directions go to `out`; the start lines,
// warnings and the summary to `log`.
Status run_relay(const ListenOptions& options, Output& out, std::FILE* log);

// The relay's handler of the receive session. Its counts live in the
// session's stats (`stats.relay`), so that the status line shows them.
class Relay : public ReceiveHandler {
 public:
  Relay(UpstreamChoice upstream, net::LocalAddresses this_host, std::size_t most_clients,
        std::chrono::milliseconds idle, ReceiveSession& session);

  void tick(Clock::time_point now) override;
  std::size_t read_most() const override { return read_slice(); }
  std::optional<Clock::time_point> wake_at() const override { return clients_.next_expiry(); }
  void add_sockets(std::vector<net::UdpSocket*>& sockets) override;
  Status woke(const Woke& woke, ReceiveSession& session) override;
  bool refuses(const net::Endpoint& from) override;
  Result<bool> accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                        ReceiveSession& session) override;
  Status received_all(ReceiveSession& session) override;
  bool settling() const override { return clients_.any_awaiting_answer(); }
  void finish(ListenStats& stats) override;

 private:
  ClientTable::Client* client_for(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                                  Clock::time_point now);
  std::size_t read_slice() const;
  bool too_big_for_upstream(std::size_t size, const net::Endpoint& from);
  void send_upstream();
  void send_upstream(ClientTable::Client& client);
  void not_relayed(const ClientTable::Client& client, std::size_t size, const Error& error);
  Status from_upstream(ClientTable::Client& client, ReceiveSession& session);
  void answer_client(const ClientTable::Client& client,
                     std::span<const net::ReceivedDatagram> answers, Clock::time_point now);
  void refused_upstream();
  void drain_evicted(ClientTable::Client& evicted);

  void move_on_if_refused();
  void reopen_if_moved();

  UpstreamChoice upstream_;
  net::LocalAddresses this_host_;
  bool moved_ = false;  // the upstream address changed: clients reopen at the next tick
  std::FILE* log_;
  net::UdpSocket* listener_;  // answers go back to their clients from it
  RelayCounts* counts_;
  ClientTable clients_;
  RelayBudget budget_;  // what may go back to each client address (--forward-budget)
  std::vector<ClientTable::Client*> holding_;   // clients with datagrams held for the batch
  std::optional<Clock::time_point> read_time_;  // of the listener's read being handled
  Clock::time_point turn_time_{};               // of this turn of the receive loop
  Clock::time_point last_request_{};            // the last read of the listener
  Clock::time_point last_answer_{};             // the last read of answers
  std::array<net::ReceivedDatagram, net::batch_most> answers_;  // one read of an upstream socket
  std::vector<std::span<const std::byte>> outgoing_;
  WarningLimiter relay_warnings_;
  WarningLimiter upstream_warnings_;
  WarningLimiter eviction_warnings_;
};

}  // namespace dgram
