#include "common/listen/relay_budget.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "common/endpoint.hpp"

namespace dgram {
namespace {

// Addresses remembered at once before the refilled ones are forgotten; a
// table this size is swept in well under a millisecond.
constexpr std::size_t sweep_at = 4096;

}  // namespace

RelayBudget::RelayBudget(std::optional<std::uint64_t> rate) : rate_(rate) {
  if (rate_) burst_ = static_cast<double>(burst_for(*rate_));
}

std::uint64_t RelayBudget::burst_for(std::uint64_t rate) {
  return std::max<std::uint64_t>(rate, std::uint64_t{1} << 16);
}

std::size_t RelayBudget::Hash::operator()(const Key& key) const noexcept {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a
  for (const std::uint8_t byte : key.address) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  return static_cast<std::size_t>(hash ^ static_cast<std::uint64_t>(key.family));
}

RelayBudget::Key RelayBudget::key_of(const net::Endpoint& client) {
  const net::Endpoint plain = unmap(client);
  return Key{plain.family, plain.address};
}

// The client's bucket, refilled for the time since it was last used; a new
// one starts full.
RelayBudget::Bucket& RelayBudget::bucket(const net::Endpoint& client, Clock::time_point now) {
  if (buckets_.size() >= sweep_at) forget_refilled(now);
  auto [found, added] = buckets_.try_emplace(key_of(client), Bucket{burst_, now});
  Bucket& bucket = found->second;
  if (!added && now > bucket.updated) {
    const double seconds = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(burst_, bucket.tokens + seconds * static_cast<double>(*rate_));
    bucket.updated = now;
  }
  return bucket;
}

void RelayBudget::heard(const net::Endpoint& client, std::size_t bytes, Clock::time_point now) {
  if (!rate_) return;
  Bucket& credited = bucket(client, now);
  credited.tokens = std::min(burst_, credited.tokens + static_cast<double>(bytes));
}

bool RelayBudget::allows(const net::Endpoint& client, std::size_t bytes, Clock::time_point now) {
  return allowance(client, now).allows(bytes);
}

RelayBudget::Allowance RelayBudget::allowance(const net::Endpoint& client, Clock::time_point now) {
  return Allowance(rate_ ? &bucket(client, now) : nullptr);
}

bool RelayBudget::Allowance::allows(std::size_t bytes) {
  if (bucket_ == nullptr) return true;
  if (bucket_->tokens < static_cast<double>(bytes)) return false;
  bucket_->tokens -= static_cast<double>(bytes);
  return true;
}

// A bucket full again is what a new one would be. When that frees too
// little (forged requests from many addresses), the quarter waiting longest
// goes too, so that a sweep comes at most once every so many new addresses.
void RelayBudget::forget_refilled(Clock::time_point now) {
  const double rate = static_cast<double>(*rate_);
  std::erase_if(buckets_, [&](const auto& entry) {
    const double seconds = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + seconds * rate >= burst_;
  });
  if (buckets_.size() < sweep_at - sweep_at / 4) return;
  std::vector<Clock::time_point> times;
  times.reserve(buckets_.size());
  for (const auto& entry : buckets_) times.push_back(entry.second.updated);
  const auto cut = times.begin() + static_cast<std::ptrdiff_t>(sweep_at / 4);
  std::nth_element(times.begin(), cut, times.end());
  const Clock::time_point newest_gone = *cut;
  std::erase_if(buckets_, [&](const auto& entry) { return entry.second.updated <= newest_gone; });
}

}  // namespace dgram
