// A way for another thread to wake the receive loop: a pair of UDP sockets
// on loopback, connected to each other, so that the one wait (wait.hpp),
// which waits on sockets on every OS, also waits for the other threads.
// (The self-pipe of event loops; a socket pair because a Windows wait takes
// sockets.) Each socket hears only the other: a connected UDP socket drops
// datagrams from any other source.
#pragma once

#include <cstddef>
#include <vector>

#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {

class WakeSocket {
 public:
  static Result<WakeSocket> open();

  // The socket to wait on: readable once wake() was called.
  net::UdpSocket& socket() { return receiver_; }

  // From any thread, one at a time (the caller holds its lock): the next
  // wait (or the one under way) returns.
  void wake();

  // After the wait said the socket is readable: takes one wake-up. Waking
  // is level-triggered, so the caller takes what it was woken for after
  // this; a wake-up left unread only costs one more turn.
  void drain();

 private:
  WakeSocket(net::UdpSocket receiver, net::UdpSocket sender);
  static Result<WakeSocket> pair_on(const net::Endpoint& loopback);
  net::UdpSocket receiver_;
  net::UdpSocket sender_;
  std::vector<std::byte> buffer_;
};

}  // namespace dgram
