// UdpSocket::OsState on POSIX: what only this layer tracks for a socket
// (Linux offload and drop counts), and the datagrams of a read that
// receive_batch has not handed over yet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "common/net.hpp"

namespace dgram::net {

// Whether send_copies may have the kernel segment its messages
// (UDP_SEGMENT): not tried yet, works, or refused once (then never tried
// again on this socket).
enum class SendOffload : unsigned char { untried, works, refused };

// What one read brought: a datagram, or with UDP GRO several coalesced ones
// of `segment` bytes each, the last possibly shorter.
struct ReadMessage {
  const std::byte* data = nullptr;
  std::size_t held = 0;     // bytes in the buffer (all of them: it holds the largest)
  std::size_t size = 0;     // bytes the read reported (MSG_TRUNC: the true size)
  std::size_t segment = 0;  // each datagram's size; `size` for a single datagram
  std::size_t offset = 0;   // where the next datagram to hand over starts
  std::size_t left = 0;     // datagrams not handed over yet
  Endpoint from;
  std::optional<Endpoint> to;
};

// The buffers receive_batch reads into, and what is left of the last read.
class ReceiveQueue {
 public:
  // How many messages one read takes at most; each gets a buffer that holds
  // the largest datagram (or coalesced group, which is no bigger).
  static constexpr std::size_t reads_most = 32;

  bool has_datagrams() const { return next_ < count_; }

  // The buffer of message `index` of the next read. The storage is not
  // initialised: a page costs memory only once a datagram reaches it; it and
  // the messages' list are made on the first read, which a socket that only
  // sends never does.
  std::span<std::byte> buffer(std::size_t index);

  // Starts over with `count` messages just read into the buffers.
  void refill(std::span<const ReadMessage> messages);

  // Hands over up to `out.size()` datagrams, in order; returns how many.
  std::size_t take(std::span<ReceivedDatagram> out);

 private:
  std::unique_ptr<std::byte[]> storage_;
  std::unique_ptr<ReadMessage[]> messages_;
  std::size_t count_ = 0;
  std::size_t next_ = 0;
};

struct UdpSocket::OsState {
  // How the kernel's drop count is read, if at all: asked for when wanted
  // (SO_MEMINFO, Linux 4.12+), or else as it comes with each datagram
  // (SO_RXQ_OVFL), which misses drops after the last datagram.
  bool drops_on_demand = false;
  bool counting_drops = false;     // SO_RXQ_OVFL is on
  std::uint64_t kernel_drops = 0;  // as last reported with a datagram
  bool coalescing = false;         // UDP_GRO is on
  bool destinations = false;       // IP_PKTINFO / IPV6_RECVPKTINFO is on
  SendOffload send_offload = SendOffload::untried;
  // send_batch_now: segments of this size or more were refused (over the
  // path's MTU), and go one per message.
  std::size_t segments_refused_from = static_cast<std::size_t>(-1);
  ReceiveQueue received;
};

}  // namespace dgram::net
