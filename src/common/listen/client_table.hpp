// The clients of a relay (`listen --forward`): one upstream socket per client
// address, so that each client gets only its own answers. Entries end when
// their client has been idle too long or when the table is full and a new
// client comes (the least recently active one gives way).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/net.hpp"

namespace dgram {

class ClientTable {
 public:
  using Clock = std::chrono::steady_clock;

  struct Client {
    net::Endpoint address;    // as the listener heard it: answers go back there
    net::UdpSocket upstream;  // connected to the upstream from a port of its own
    Clock::time_point last_active;
    std::uint16_t local_port = 0;  // of `upstream`: a datagram from it is a loop
    bool awaiting_answer = false;  // relayed a datagram, no answer since
    // Its datagrams of the listener's current read, sent upstream together
    // once the read is handled (they live in the listener's buffers till then).
    std::vector<std::span<const std::byte>> held;
  };

  ClientTable(std::size_t most, std::chrono::milliseconds idle) : most_(most), idle_(idle) {}

  Client* find(const net::Endpoint& address);

  // Adds a client; when the table is full, the least recently active one
  // gives way first and is handed over in `evicted` (its socket may still
  // hold answers).
  Client& add(const net::Endpoint& address, net::UdpSocket upstream, std::uint16_t local_port,
              Clock::time_point now, std::optional<Client>& evicted);

  // Whether one of the clients' upstream sockets has this local port.
  bool has_local_port(std::uint16_t port) const { return local_ports_.count(port) > 0; }

  // Whether any client still waits for an answer.
  bool any_awaiting_answer() const;

  // Closes every client (the relay moved to another upstream address).
  void clear();

  // Closes the clients idle for the idle time or longer; returns how many.
  std::size_t expire(Clock::time_point now);

  // When the next client expires, if there is one.
  std::optional<Clock::time_point> next_expiry() const;

  // The clients in an order that holds until the next add or expire.
  std::size_t size() const { return clients_.size(); }
  Client& at(std::size_t index) { return *clients_[index]; }

 private:
  struct Hash {
    std::size_t operator()(const net::Endpoint& endpoint) const noexcept;
  };
  Client take(std::size_t index);

  std::size_t most_;
  std::chrono::milliseconds idle_;
  std::vector<std::unique_ptr<Client>> clients_;
  std::unordered_map<net::Endpoint, Client*, Hash> by_address_;
  std::unordered_multiset<std::uint16_t> local_ports_;
};

}  // namespace dgram
