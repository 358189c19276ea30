// What a relay (`listen --forward`) may send back to one client address: no
// more than the client sent, plus a steady allowance (--forward-budget bytes
// a second) and a burst. A request with a forged source address makes the
// relay answer whoever owns that address; the budget keeps such a victim
// from getting more than the forger spent, plus the allowance, whatever the
// upstream's answers weigh.
//
// Kept per address, not per address and port: a forger who varies the port
// still draws on one budget. An address whose bucket is full again is
// forgotten (a fresh entry is the same), so the table holds only addresses
// answered lately.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "common/net.hpp"

namespace dgram {

class RelayBudget {
 public:
  using Clock = std::chrono::steady_clock;

  // `rate`: bytes a second beyond what the client sent; nothing: no budget.
  explicit RelayBudget(std::optional<std::uint64_t> rate);

  // The bytes an answer may go over its request by at once: a second of
  // the rate, and never less than the largest datagram.
  static std::uint64_t burst_for(std::uint64_t rate);

  // `client` sent `bytes`: as many may come back.
  void heard(const net::Endpoint& client, std::size_t bytes, Clock::time_point now);

  // Whether an answer of `bytes` may go to `client` now; if so, it is spent.
  bool allows(const net::Endpoint& client, std::size_t bytes, Clock::time_point now);

 private:
  struct Bucket {
    double tokens = 0;  // bytes that may go back now
    Clock::time_point updated;
  };

 public:
  // One client's budget at one moment, looked up once for a batch of
  // answers: allows() as RelayBudget::allows, answer after answer.
  class Allowance {
   public:
    bool allows(std::size_t bytes);

   private:
    friend class RelayBudget;
    explicit Allowance(Bucket* bucket) : bucket_(bucket) {}
    Bucket* bucket_;  // none: no budget
  };
  Allowance allowance(const net::Endpoint& client, Clock::time_point now);

 private:
  struct Key {
    net::Family family = net::Family::ipv4;
    std::array<std::uint8_t, 16> address{};
    bool operator==(const Key&) const = default;
  };
  struct Hash {
    std::size_t operator()(const Key& key) const noexcept;
  };
  static Key key_of(const net::Endpoint& client);
  Bucket& bucket(const net::Endpoint& client, Clock::time_point now);
  void forget_refilled(Clock::time_point now);

  std::optional<std::uint64_t> rate_;
  double burst_ = 0;
  std::unordered_map<Key, Bucket, Hash> buckets_;
};

}  // namespace dgram
