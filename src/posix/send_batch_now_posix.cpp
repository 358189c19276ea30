// UdpSocket::send_batch_now on POSIX: sendmmsg on Linux, never waiting, with
// each run of datagrams of one size in one message the kernel cuts apart
// (UDP_SEGMENT) where it can; one send per datagram elsewhere and in the
// portable build.
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "common/net.hpp"
#include "posix/posix_error.hpp"
#include "posix/segmenting.hpp"
#include "posix/send_errors.hpp"
#include "posix/socket_state.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"
#include "sockets_shared/whole_send.hpp"

namespace dgram::net {

using Datagrams = std::span<const std::span<const std::byte>>;

#if defined(__linux__) && !defined(DGRAM_PORTABLE)
namespace {

// How many of `datagrams`, from the first, may go in one segmented message:
// those of the first one's size, and one shorter after them (the kernel
// allows the last segment to be short), within the kernel's limits. One
// when the first is empty or of a size refused before.
std::size_t segment_run(Datagrams datagrams, std::size_t room, std::size_t refused_from) {
  const std::size_t size = datagrams.front().size();
  if (size == 0 || size >= refused_from) return 1;
  const std::size_t most =
      std::min({room, posix_socket::segments_most, posix_socket::segmented_bytes_most / size});
  std::size_t run = 1;
  while (run < most && run < datagrams.size() && datagrams[run].size() == size) ++run;
  if (run < most && run < datagrams.size() && datagrams[run].size() < size &&
      !datagrams[run].empty()) {
    ++run;
  }
  return run;
}

// One message's UDP_SEGMENT control message.
struct SegmentControl {
  alignas(cmsghdr) char bytes[CMSG_SPACE(sizeof(std::uint16_t))];

  void set(std::uint16_t segment) {
    std::memset(bytes, 0, sizeof bytes);
    auto* header = reinterpret_cast<cmsghdr*>(bytes);
    header->cmsg_level = SOL_UDP;
    header->cmsg_type = UDP_SEGMENT;
    header->cmsg_len = CMSG_LEN(sizeof segment);
    std::memcpy(CMSG_DATA(header), &segment, sizeof segment);
  }
};

}  // namespace
#endif

Status UdpSocket::send_batch_now(Datagrams datagrams, const Endpoint* to, std::size_t& sent_count) {
  sent_count = 0;
#if defined(__linux__) && !defined(DGRAM_PORTABLE)
  const int fd = posix_socket::fd_of(handle_);
  sockaddr_storage storage;
  const int length = to != nullptr ? bsd::to_sockaddr(*to, storage) : 0;
  std::array<mmsghdr, batch_most> messages;
  std::array<iovec, batch_most> pieces;
  std::array<SegmentControl, batch_most> controls;
  if (os_->send_offload == SendOffload::untried && datagrams.size() > 1) {
    os_->send_offload =
        posix_socket::kernel_knows_segmenting(fd) ? SendOffload::works : SendOffload::refused;
  }
  while (!datagrams.empty()) {
    const bool segmenting = os_->send_offload == SendOffload::works;
    const std::size_t count = std::min(batch_most, datagrams.size());
    std::size_t used = 0;
    for (std::size_t first = 0; first < count; ++used) {
      const std::size_t run = segmenting ? segment_run(datagrams.subspan(first), count - first,
                                                       os_->segments_refused_from)
                                         : 1;
      for (std::size_t i = first; i < first + run; ++i) {
        pieces[i] = {const_cast<std::byte*>(datagrams[i].data()), datagrams[i].size()};
      }
      msghdr& message = messages[used].msg_hdr;
      messages[used] = {};
      message.msg_iov = &pieces[first];
      message.msg_iovlen = run;
      if (to != nullptr) {
        message.msg_name = &storage;
        message.msg_namelen = static_cast<socklen_t>(length);
      }
      if (run > 1) {
        controls[used].set(static_cast<std::uint16_t>(datagrams[first].size()));
        message.msg_control = controls[used].bytes;
        message.msg_controllen = sizeof controls[used].bytes;
      }
      first += run;
    }
    // sendmmsg drops the error of a message that failed after others went
    // out: the next round starts with that message, so that an error that
    // lasts (a full queue) is reported as its own.
    const int sent = posix_socket::retrying(SendMode::now_or_never, [&] {
      return ::sendmmsg(fd, messages.data(), static_cast<unsigned>(used),
                        posix_socket::send_flags(SendMode::now_or_never));
    });
    if (sent < 0) {
      const msghdr& failed = messages[0].msg_hdr;
      if (failed.msg_iovlen > 1 && posix_socket::refuses_segmenting(errno)) {
        // Nothing went out: those datagrams again, one per message.
        if (errno == EINVAL || errno == EMSGSIZE) {
          os_->segments_refused_from = failed.msg_iov[0].iov_len;
        } else {
          os_->send_offload = SendOffload::refused;
        }
        continue;
      }
      return posix::last_error("send failed");
    }
    std::size_t done = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(sent); ++i) {
      const msghdr& message = messages[i].msg_hdr;
      std::size_t bytes = 0;
      for (std::size_t j = 0; j < message.msg_iovlen; ++j) bytes += message.msg_iov[j].iov_len;
      if (auto whole = bsd::check_whole_send(messages[i].msg_len, bytes); !whole) return whole;
      done += message.msg_iovlen;
    }
    sent_count += done;
    datagrams = datagrams.subspan(done);
  }
  return {};
#else
  for (const auto datagram : datagrams) {
    auto sent = to != nullptr ? send_to(datagram, *to, SendMode::now_or_never)
                              : send(datagram, SendMode::now_or_never);
    if (!sent) return sent;
    ++sent_count;
  }
  return {};
#endif
}

}  // namespace dgram::net
