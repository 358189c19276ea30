#include "common/listen/wake_socket.hpp"

#include <array>
#include <utility>

#include "common/limits.hpp"

namespace dgram {
namespace {

Result<net::UdpSocket> bound_to(const net::Endpoint& local) {
  auto socket = net::UdpSocket::open(local.family);
  if (!socket) return socket.take_error();
  if (auto bound = socket->bind(local); !bound) return bound.take_error();
  return socket;
}

}  // namespace

WakeSocket::WakeSocket(net::UdpSocket receiver, net::UdpSocket sender)
    : receiver_(std::move(receiver)), sender_(std::move(sender)), buffer_(max_datagram_size) {}

Result<WakeSocket> WakeSocket::open() {
  net::Endpoint ipv4;
  ipv4.address = {127, 0, 0, 1};
  auto pair = pair_on(ipv4);
  if (pair) return pair;
  // A host without IPv4 loopback.
  net::Endpoint ipv6;
  ipv6.family = net::Family::ipv6;
  ipv6.address[15] = 1;
  auto second = pair_on(ipv6);
  if (second) return second;
  return pair.take_error();
}

void WakeSocket::wake() {
  static constexpr std::array<std::byte, 1> poke{std::byte{1}};
  // A full queue means a wake-up is waiting already.
  (void)sender_.send(poke, net::SendMode::now_or_never);
}

void WakeSocket::drain() { (void)receiver_.receive_from(buffer_); }

Result<WakeSocket> WakeSocket::pair_on(const net::Endpoint& loopback) {
  auto receiver = bound_to(loopback);
  if (!receiver) return receiver.take_error();
  auto sender = bound_to(loopback);
  if (!sender) return sender.take_error();
  auto receiver_at = receiver->local_endpoint();
  if (!receiver_at) return receiver_at.take_error();
  auto sender_at = sender->local_endpoint();
  if (!sender_at) return sender_at.take_error();
  if (auto connected = receiver->connect(*sender_at); !connected) return connected.take_error();
  if (auto connected = sender->connect(*receiver_at); !connected) return connected.take_error();
  return WakeSocket(std::move(*receiver), std::move(*sender));
}

}  // namespace dgram
