#include "common/listen/watch_table.hpp"

#include <algorithm>

namespace dgram {

WatchTable::WatchTable(Clock::duration quiet_after, std::size_t most)
    : quiet_after_(quiet_after), most_(std::max<std::size_t>(most, 1)) {}

WatchTable::Heard WatchTable::heard(const std::string& name, std::size_t bytes,
                                    Clock::time_point now, WallClock::time_point wall) {
  Heard result;
  auto found = index_.find(name);
  if (found == index_.end()) {
    if (index_.size() >= most_) evict_one();
    WatchedSender& sender = heard_.emplace_back();
    sender.name = name;
    sender.first_heard = wall;
    found = index_.emplace(name, std::prev(heard_.end())).first;
    result.kind = Kind::fresh;
  } else {
    // Every quiet sender was heard before every one still heard, so the
    // back of heard_ stays the most recently heard.
    const List::iterator at = found->second;
    if (at->quiet) {
      result.kind = Kind::back;
      result.silent = now - at->last_heard_at;
      at->quiet = false;
      heard_.splice(heard_.end(), quiet_, at);
    } else {
      heard_.splice(heard_.end(), heard_, at);
    }
  }
  WatchedSender& sender = *found->second;
  ++sender.datagrams;
  sender.bytes += bytes;
  sender.last_heard = wall;
  sender.last_heard_at = now;
  result.sender = &sender;
  return result;
}

void WatchTable::evict_one() {
  List& from = quiet_.empty() ? heard_ : quiet_;
  index_.erase(from.front().name);
  from.pop_front();
  ++evicted_;
}

std::optional<WatchTable::Clock::time_point> WatchTable::next_deadline() const {
  if (heard_.empty()) return std::nullopt;
  return heard_.front().last_heard_at + quiet_after_;
}

std::vector<const WatchedSender*> WatchTable::expire(Clock::time_point now) {
  std::vector<const WatchedSender*> gone;
  while (!heard_.empty() && heard_.front().last_heard_at + quiet_after_ <= now) {
    const List::iterator at = heard_.begin();
    at->quiet = true;
    ++at->times_quiet;
    quiet_.splice(quiet_.end(), heard_, at);
    gone.push_back(&*at);
  }
  return gone;
}

std::vector<WatchedSender> WatchTable::senders() const {
  std::vector<WatchedSender> all(quiet_.begin(), quiet_.end());
  all.insert(all.end(), heard_.begin(), heard_.end());
  std::stable_sort(all.begin(), all.end(), [](const WatchedSender& a, const WatchedSender& b) {
    return a.first_heard < b.first_heard;
  });
  return all;
}

}  // namespace dgram
