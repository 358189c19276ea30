// The bounded table of senders behind `listen --watch`: who was heard when,
// and who has gone quiet. Senders are kept in the order they were last
// heard, so the next one to go quiet and the one to evict are at the front.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/records/timestamp.hpp"

namespace dgram {

struct WatchedSender {
  std::string name;  // its address, or address and port (--watch-key endpoint)
  std::uint64_t datagrams = 0;
  std::uint64_t bytes = 0;
  std::uint64_t times_quiet = 0;
  WallClock::time_point first_heard;
  WallClock::time_point last_heard;
  std::chrono::steady_clock::time_point last_heard_at;  // for its deadline
  bool quiet = false;
};

class WatchTable {
 public:
  using Clock = std::chrono::steady_clock;

  WatchTable(Clock::duration quiet_after, std::size_t most);

  enum class Kind { fresh, back, again };
  struct Heard {
    Kind kind = Kind::again;
    Clock::duration silent{};  // back: since it was heard before
    const WatchedSender* sender = nullptr;
  };
  // A datagram of `bytes` from `name`, at `now` (and `wall`).
  Heard heard(const std::string& name, std::size_t bytes, Clock::time_point now,
              WallClock::time_point wall);

  // When the next sender goes quiet, if any is still heard.
  std::optional<Clock::time_point> next_deadline() const;
  // The senders whose deadline passed by `now`, marked quiet, oldest first.
  std::vector<const WatchedSender*> expire(Clock::time_point now);

  std::size_t size() const { return index_.size(); }
  std::size_t quiet_now() const { return quiet_.size(); }
  std::uint64_t evicted() const { return evicted_; }
  // Every sender in the table, in the order they were first heard.
  std::vector<WatchedSender> senders() const;

 private:
  using List = std::list<WatchedSender>;
  void evict_one();

  Clock::duration quiet_after_;
  std::size_t most_;
  List heard_;  // not quiet, least recently heard first
  List quiet_;  // quiet, in the order they went quiet
  std::unordered_map<std::string, List::iterator> index_;
  std::uint64_t evicted_ = 0;
};

}  // namespace dgram
