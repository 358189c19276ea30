// UdpSocket::send_copies. Linux takes many copies of a datagram in one
// message with UDP segmentation offload (UDP_SEGMENT, "GSO"): the kernel cuts
// the message into datagrams of the given size, so one sendmmsg carries
// thousands of datagrams where plain sendmmsg carries one per message.
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "common/net.hpp"
#include "common/system.hpp"
#include "posix/segmenting.hpp"
#include "posix/send_errors.hpp"
#include "posix/socket_state.hpp"
#include "sockets_shared/whole_send.hpp"

namespace dgram::net {
namespace {

using posix_socket::fd_of;

// Without offload: send_batch with one round of copies.
constexpr std::size_t copies_per_batch = batch_most;

Result<std::uint64_t> send_batch_of_copies(UdpSocket& socket, std::span<const std::byte> datagram,
                                           std::uint64_t most) {
  std::array<std::span<const std::byte>, copies_per_batch> copies;
  copies.fill(datagram);
  const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(most, copies.size()));
  std::size_t sent_count = 0;
  if (auto sent = socket.send_batch(std::span(copies).first(count), sent_count); !sent) {
    return sent.take_error();
  }
  return std::uint64_t{count};
}

#if defined(__linux__) && !defined(DGRAM_PORTABLE)

using posix_socket::kernel_knows_segmenting;
using posix_socket::refuses_segmenting;
using posix_socket::segments_most;
constexpr std::size_t message_bytes_most = posix_socket::segmented_bytes_most;
constexpr std::size_t messages_most = batch_most;

enum class Segmented { sent, refused, failed };

// One sendmmsg of up to messages_most messages, each up to `per_message`
// copies of `datagram` cut by the kernel. Adds what went out to `count`.
Segmented send_segmented(int fd, std::span<const std::byte> datagram, std::size_t per_message,
                         std::uint64_t most, std::uint64_t& count, Error& error) {
  std::array<iovec, segments_most> copies;
  copies.fill({const_cast<std::byte*>(datagram.data()), datagram.size()});
  // Every message carries the same control message; the kernel only reads it.
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(std::uint16_t))] = {};
  auto* header = reinterpret_cast<cmsghdr*>(control);
  header->cmsg_level = SOL_UDP;
  header->cmsg_type = UDP_SEGMENT;
  header->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
  const auto segment_size = static_cast<std::uint16_t>(datagram.size());
  std::memcpy(CMSG_DATA(header), &segment_size, sizeof segment_size);

  std::array<mmsghdr, messages_most> messages;
  std::size_t used = 0;
  for (std::uint64_t planned = 0; used < messages.size() && planned < most; ++used) {
    const auto in_message =
        static_cast<std::size_t>(std::min<std::uint64_t>(per_message, most - planned));
    messages[used] = {};
    messages[used].msg_hdr.msg_iov = copies.data();
    messages[used].msg_hdr.msg_iovlen = in_message;
    if (in_message > 1) {
      messages[used].msg_hdr.msg_control = control;
      messages[used].msg_hdr.msg_controllen = sizeof control;
    }
    planned += in_message;
  }
  const int sent = posix_socket::retrying(SendMode::may_wait, [&] {
    return ::sendmmsg(fd, messages.data(), static_cast<unsigned>(used), 0);
  });
  if (sent < 0) {
    if (refuses_segmenting(errno)) return Segmented::refused;
    error = posix::last_error("send failed");
    return Segmented::failed;
  }
  const auto went = static_cast<std::size_t>(sent);
  for (std::size_t i = 0; i < went; ++i) {
    const msghdr& message = messages[i].msg_hdr;
    if (auto whole =
            bsd::check_whole_send(messages[i].msg_len, message.msg_iovlen * datagram.size());
        !whole) {
      error = whole.take_error();
      return Segmented::failed;
    }
    count += message.msg_iovlen;
  }
  if (went < used) {
    if (auto alone = posix_socket::after_short_batch(fd, messages[went].msg_hdr); !alone) {
      error = alone.take_error();
      return Segmented::failed;
    }
    count += messages[went].msg_hdr.msg_iovlen;
  }
  return Segmented::sent;
}

#endif

}  // namespace

Result<std::uint64_t> UdpSocket::send_copies(std::span<const std::byte> datagram,
                                             std::uint64_t most) {
  if (most == 0) return std::uint64_t{0};
#if defined(__linux__) && !defined(DGRAM_PORTABLE)
  const std::size_t per_message =
      datagram.empty() ? 0 : std::min(segments_most, message_bytes_most / datagram.size());
  if (per_message > 1 && most > 1 && os_->send_offload != SendOffload::refused) {
    if (os_->send_offload == SendOffload::untried && !kernel_knows_segmenting(fd_of(handle_))) {
      os_->send_offload = SendOffload::refused;
    } else {
      std::uint64_t count = 0;
      Error error;
      switch (send_segmented(fd_of(handle_), datagram, per_message, most, count, error)) {
        case Segmented::sent:
          os_->send_offload = SendOffload::works;
          if (auto pending = posix_socket::pending_send_error(fd_of(handle_)); !pending) {
            return pending.take_error();
          }
          return count;
        case Segmented::failed:
          return error;
        case Segmented::refused:
          // Nothing of this call went out: send the plain way from now on,
          // which reports the error itself if it was not about segmenting.
          os_->send_offload = SendOffload::refused;
          break;
      }
    }
  }
#endif
  return send_batch_of_copies(*this, datagram, most);
}

}  // namespace dgram::net
