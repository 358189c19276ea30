// Receiving on POSIX: one datagram (receive_from) or many (receive_batch).
// Linux reads up to ReceiveQueue::reads_most messages per recvmmsg, and with
// UDP GRO (enable_coalesced_receive) a message can hold many datagrams of one
// sender that the kernel coalesced: up to 64 per read where a sender
// segmented them (UDP_SEGMENT) or a network card's GRO joined them. The
// control message UDP_GRO gives their size; receive_batch splits them again,
// so callers see each datagram alone, with its true size.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <optional>

#include "common/limits.hpp"
#include "common/net.hpp"
#include "posix/posix_error.hpp"
#include "posix/send_errors.hpp"
#include "posix/socket_state.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"

#if defined(__linux__) && !defined(DGRAM_PORTABLE)
#define DGRAM_RECVMMSG 1
#endif
#if defined(SO_RXQ_OVFL) && !defined(DGRAM_PORTABLE)
#define DGRAM_RXQ_OVFL 1
#endif
#if defined(__linux__) && defined(SO_MEMINFO) && !defined(DGRAM_PORTABLE)
#include <linux/sock_diag.h>
#define DGRAM_MEMINFO 1
#endif
#if defined(DGRAM_RECVMMSG) && defined(UDP_GRO)
#define DGRAM_UDP_GRO 1
#endif

namespace dgram::net {
namespace {

using posix_socket::fd_of;

// What the control messages of one read say.
struct Control {
  std::optional<std::uint64_t> dropped;  // the kernel's running count, SO_RXQ_OVFL
  std::size_t segment = 0;               // UDP_GRO: the coalesced datagrams' size
  std::optional<Endpoint> to;            // IP_PKTINFO, IPV6_PKTINFO: where it was sent
};

// Room for SO_RXQ_OVFL's count, UDP_GRO's segment size and the destination.
constexpr std::size_t control_size = CMSG_SPACE(sizeof(std::uint32_t)) + CMSG_SPACE(sizeof(int)) +
                                     CMSG_SPACE(sizeof(in6_pktinfo)) +
                                     CMSG_SPACE(sizeof(in_pktinfo));

// The destination address a control message holds, if it is one.
std::optional<Endpoint> destination_of(const cmsghdr& header) {
  Endpoint to;
  if (header.cmsg_level == IPPROTO_IP && header.cmsg_type == IP_PKTINFO) {
    in_pktinfo info{};
    std::memcpy(&info, CMSG_DATA(&header), sizeof info);
    to.family = Family::ipv4;
    std::memcpy(to.address.data(), &info.ipi_addr, 4);  // the header's destination
    return to;
  }
  if (header.cmsg_level == IPPROTO_IPV6 && header.cmsg_type == IPV6_PKTINFO) {
    in6_pktinfo info{};
    std::memcpy(&info, CMSG_DATA(&header), sizeof info);
    to.family = Family::ipv6;
    std::memcpy(to.address.data(), &info.ipi6_addr, 16);
    return to;
  }
  return std::nullopt;
}

Control read_control(msghdr& message) {
  Control control;
  for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
       header = CMSG_NXTHDR(&message, header)) {
    if (auto to = destination_of(*header)) control.to = to;
#ifdef DGRAM_RXQ_OVFL
    if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SO_RXQ_OVFL) {
      std::uint32_t dropped = 0;
      std::memcpy(&dropped, CMSG_DATA(header), sizeof dropped);
      control.dropped = dropped;
    }
#endif
#ifdef DGRAM_UDP_GRO
    if (header->cmsg_level == SOL_UDP && header->cmsg_type == UDP_GRO) {
      int segment = 0;
      std::memcpy(&segment, CMSG_DATA(header), sizeof segment);
      if (segment > 0) control.segment = static_cast<std::size_t>(segment);
    }
#endif
  }
  return control;
}

// A message of `size` bytes read into `buffer`: a datagram, or `segment`
// bytes each when the kernel coalesced several.
ReadMessage read_message(std::span<const std::byte> buffer, std::size_t size, std::size_t segment,
                         const Endpoint& from, const std::optional<Endpoint>& to) {
  ReadMessage message;
  message.data = buffer.data();
  message.held = std::min(size, buffer.size());
  message.size = size;
  message.segment = segment > 0 && segment < size ? segment : size;
  message.from = from;
  message.to = to;
  return message;
}

#ifdef DGRAM_MEMINFO
// The kernel's count of datagrams it dropped for the socket so far, the one
// SO_RXQ_OVFL reports with each datagram, read without waiting for one.
std::optional<std::uint64_t> dropped_so_far(int fd) {
  std::uint32_t memory[SK_MEMINFO_VARS] = {};
  socklen_t length = sizeof memory;
  if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, memory, &length) != 0 ||
      length <= SK_MEMINFO_DROPS * sizeof memory[0]) {
    return std::nullopt;
  }
  return memory[SK_MEMINFO_DROPS];
}
#endif

}  // namespace

std::span<std::byte> ReceiveQueue::buffer(std::size_t index) {
  assert(index < reads_most);
  if (!storage_) storage_.reset(new std::byte[reads_most * max_datagram_size]);
  return {storage_.get() + index * max_datagram_size, max_datagram_size};
}

void ReceiveQueue::refill(std::span<const ReadMessage> messages) {
  assert(!has_datagrams() && messages.size() <= reads_most);
  if (!messages_) messages_.reset(new ReadMessage[reads_most]);
  count_ = messages.size();
  next_ = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    ReadMessage& message = messages_[i];
    message = messages[i];
    message.offset = 0;
    // An empty datagram is one datagram too.
    message.left = message.size == 0 ? 1 : (message.size + message.segment - 1) / message.segment;
  }
}

std::size_t ReceiveQueue::take(std::span<ReceivedDatagram> out) {
  std::size_t filled = 0;
  while (filled < out.size() && next_ < count_) {
    ReadMessage& message = messages_[next_];
    // The message's fields in locals: the copies of the endpoints below are
    // byte stores, which could alias them, and would reload them each time.
    const std::size_t count = std::min(message.left, out.size() - filled);
    const std::size_t segment = message.segment, size = message.size, held = message.held;
    std::size_t offset = message.offset;
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t length = std::min(segment, size - offset);
      const std::size_t kept = held > offset ? std::min(length, held - offset) : 0;
      ReceivedDatagram& datagram = out[filled++];
      datagram.bytes = {message.data + offset, kept};
      datagram.received.size = length;
      datagram.received.from = message.from;
      datagram.received.to = message.to;
      offset += length;
    }
    message.offset = offset;
    message.left -= count;
    if (message.left == 0) ++next_;
  }
  return filled;
}

bool UdpSocket::enable_kernel_drop_count() {
#ifdef DGRAM_MEMINFO
  // Read at the end, it also counts drops after the last datagram (a burst
  // that overflowed the buffer as it ended), and no read carries it.
  os_->drops_on_demand = dropped_so_far(fd_of(handle_)).has_value();
  if (os_->drops_on_demand) return true;
#endif
#ifdef DGRAM_RXQ_OVFL
  const int on = 1;
  os_->counting_drops = setsockopt(fd_of(handle_), SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof on) == 0;
#endif
  return os_->counting_drops;
}

KernelDrops UdpSocket::kernel_drops() const {
  std::uint64_t count = os_->kernel_drops;
#ifdef DGRAM_MEMINFO
  if (os_->drops_on_demand) count = dropped_so_far(fd_of(handle_)).value_or(count);
#endif
  // With UDP GRO the kernel adds one for a dropped coalesced group however
  // many datagrams it held (measured: 100 groups of 64 into a full buffer,
  // 74 dropped, 1,665 read: 1,665 + 74 × 64 = 6,401 sent).
  return {count, os_->coalescing && count > 0};
}

bool UdpSocket::enable_coalesced_receive() {
#ifdef DGRAM_UDP_GRO
  const int on = 1;
  os_->coalescing = setsockopt(fd_of(handle_), SOL_UDP, UDP_GRO, &on, sizeof on) == 0;
#endif
  return os_->coalescing;
}

Result<Received> UdpSocket::receive_from(std::span<std::byte> buffer) {
  assert(buffer.size() >= max_datagram_size);  // the true-size promise rests on it
  assert(!os_->coalescing);                    // a read could bring many datagrams
  sockaddr_storage storage{};
  iovec data{buffer.data(), buffer.size()};
  alignas(cmsghdr) char control[control_size];
  msghdr message{};
  message.msg_name = &storage;
  message.msg_namelen = sizeof storage;
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  if (os_->counting_drops || os_->destinations) {
    message.msg_control = control;
    message.msg_controllen = sizeof control;
  }
  int flags = 0;
#ifdef __linux__
  flags |= MSG_TRUNC;  // Linux then returns the true size even of a cut datagram
#endif
  const ssize_t got = ::recvmsg(fd_of(handle_), &message, flags);
  if (got < 0) return posix::last_error("receive failed");
  Received received;
  if (os_->counting_drops || os_->destinations) {
    Control read = read_control(message);
    os_->kernel_drops = read.dropped.value_or(os_->kernel_drops);
    received.to = read.to;
  }
  received.size = static_cast<std::size_t>(got);
  if (!bsd::from_sockaddr(reinterpret_cast<sockaddr*>(&storage), received.from)) {
    return bsd::unrepresentable_sender();
  }
  return received;
}

bool UdpSocket::has_read_ahead() const { return os_->received.has_datagrams(); }

Result<std::size_t> UdpSocket::receive_batch(std::span<ReceivedDatagram> datagrams) {
  ReceiveQueue& queue = os_->received;
  if (datagrams.empty()) return std::size_t{0};
  if (queue.has_datagrams()) return queue.take(datagrams);
#ifdef DGRAM_RECVMMSG
  // A message holds at least one datagram: never more messages than
  // datagrams asked for, so that `listen -n` takes no more than it must.
  const std::size_t count = std::min(ReceiveQueue::reads_most, datagrams.size());
  mmsghdr messages[ReceiveQueue::reads_most];
  iovec pieces[ReceiveQueue::reads_most];
  sockaddr_storage senders[ReceiveQueue::reads_most];
  alignas(cmsghdr) char controls[ReceiveQueue::reads_most][control_size];
  const bool with_control = os_->counting_drops || os_->coalescing || os_->destinations;
  for (std::size_t i = 0; i < count; ++i) {
    const auto buffer = queue.buffer(i);
    pieces[i] = {buffer.data(), buffer.size()};
    messages[i] = {};
    messages[i].msg_hdr.msg_name = &senders[i];
    messages[i].msg_hdr.msg_namelen = sizeof senders[i];
    messages[i].msg_hdr.msg_iov = &pieces[i];
    messages[i].msg_hdr.msg_iovlen = 1;
    if (with_control) {
      messages[i].msg_hdr.msg_control = controls[i];
      messages[i].msg_hdr.msg_controllen = control_size;
    }
  }
  // MSG_TRUNC: each msg_len is the true size; MSG_DONTWAIT: only what is
  // already there.
  const int got = ::recvmmsg(fd_of(handle_), messages, static_cast<unsigned>(count),
                             MSG_DONTWAIT | MSG_TRUNC, nullptr);
  if (got < 0) return posix::last_error("receive failed");
  std::array<ReadMessage, ReceiveQueue::reads_most> read;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(got); ++i) {
    Control control;
    if (with_control) control = read_control(messages[i].msg_hdr);
    os_->kernel_drops = control.dropped.value_or(os_->kernel_drops);
    Endpoint from;
    // A sender that is neither IPv4 nor IPv6 has no endpoint to show: skipped.
    if (!bsd::from_sockaddr(reinterpret_cast<sockaddr*>(&senders[i]), from)) continue;
    read[kept++] =
        read_message(queue.buffer(i), messages[i].msg_len, control.segment, from, control.to);
  }
  queue.refill(std::span(read).first(kept));
#else
  // One datagram per call where there is no recvmmsg, or in the portable
  // build, which runs what other systems run.
  const auto buffer = queue.buffer(0);
  auto received = receive_from(buffer);
  if (!received) return received.take_error();
  const ReadMessage message = read_message(buffer, received->size, 0, received->from, received->to);
  queue.refill(std::span(&message, 1));
#endif
  return queue.take(datagrams);
}

}  // namespace dgram::net
