#include "common/listen/client_table.hpp"

#include <algorithm>
#include <cstdint>

namespace dgram {

std::size_t ClientTable::Hash::operator()(const net::Endpoint& endpoint) const noexcept {
  // FNV-1a over what tells clients apart.
  std::uint64_t hash = 14695981039346656037ull;
  auto mix = [&hash](std::uint8_t byte) {
    hash ^= byte;
    hash *= 1099511628211ull;
  };
  for (const std::uint8_t byte : endpoint.address) mix(byte);
  mix(static_cast<std::uint8_t>(endpoint.port >> 8));
  mix(static_cast<std::uint8_t>(endpoint.port & 0xff));
  mix(static_cast<std::uint8_t>(endpoint.family));
  mix(static_cast<std::uint8_t>(endpoint.scope_id & 0xff));
  return static_cast<std::size_t>(hash);
}

ClientTable::Client* ClientTable::find(const net::Endpoint& address) {
  const auto found = by_address_.find(address);
  return found == by_address_.end() ? nullptr : found->second;
}

ClientTable::Client& ClientTable::add(const net::Endpoint& address, net::UdpSocket upstream,
                                      std::uint16_t local_port, Clock::time_point now,
                                      std::optional<Client>& evicted) {
  evicted.reset();
  if (clients_.size() >= most_ && !clients_.empty()) {
    const auto oldest = std::min_element(
        clients_.begin(), clients_.end(),
        [](const auto& a, const auto& b) { return a->last_active < b->last_active; });
    evicted.emplace(take(static_cast<std::size_t>(oldest - clients_.begin())));
  }
  clients_.push_back(
      std::make_unique<Client>(Client{address, std::move(upstream), now, local_port, false, {}}));
  Client* client = clients_.back().get();
  by_address_[address] = client;
  local_ports_.insert(local_port);
  return *client;
}

bool ClientTable::any_awaiting_answer() const {
  return std::any_of(clients_.begin(), clients_.end(),
                     [](const auto& client) { return client->awaiting_answer; });
}

void ClientTable::clear() {
  clients_.clear();
  by_address_.clear();
  local_ports_.clear();
}

std::size_t ClientTable::expire(Clock::time_point now) {
  std::size_t expired = 0;
  for (std::size_t i = clients_.size(); i-- > 0;) {
    if (now - clients_[i]->last_active >= idle_) {
      take(i);
      ++expired;
    }
  }
  return expired;
}

std::optional<ClientTable::Clock::time_point> ClientTable::next_expiry() const {
  if (clients_.empty()) return std::nullopt;
  Clock::time_point earliest = Clock::time_point::max();
  for (const auto& client : clients_) earliest = std::min(earliest, client->last_active);
  return earliest + idle_;
}

ClientTable::Client ClientTable::take(std::size_t index) {
  Client taken = std::move(*clients_[index]);
  by_address_.erase(taken.address);
  local_ports_.erase(local_ports_.find(taken.local_port));
  // Order need not hold: the last one takes the gap.
  if (index + 1 != clients_.size()) clients_[index] = std::move(clients_.back());
  clients_.pop_back();
  return taken;
}

}  // namespace dgram
