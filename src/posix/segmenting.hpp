// What the Linux send paths share about UDP segmentation offload
// (UDP_SEGMENT, "GSO"): one message of many datagrams of one size, which the
// kernel cuts apart, costs one trip through the stack instead of one each.
#pragma once

#if defined(__linux__) && !defined(DGRAM_PORTABLE)

#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstddef>

namespace dgram::net::posix_socket {

// UDP_MAX_SEGMENTS of every kernel since 4.18, where UDP_SEGMENT came.
constexpr std::size_t segments_most = 64;
// Until it is cut, a message is one IP packet: 65,535 bytes with headers.
constexpr std::size_t segmented_bytes_most = 65'507;

// Whether the kernel knows UDP_SEGMENT. Older kernels would ignore the
// unknown control message and send all datagrams as one big one.
inline bool kernel_knows_segmenting(int fd) {
  int size = 0;
  socklen_t length = sizeof size;
  return getsockopt(fd, SOL_UDP, UDP_SEGMENT, &size, &length) == 0;
}

// How the kernel refuses a segmented message that a plain one may pass: a
// datagram over the path's MTU (EINVAL), a route or device that cannot
// segment (EIO, EOPNOTSUPP), a message it finds too big (EMSGSIZE).
inline bool refuses_segmenting(int code) {
  return code == EINVAL || code == EIO || code == EOPNOTSUPP || code == ENOPROTOOPT ||
         code == EMSGSIZE;
}

}  // namespace dgram::net::posix_socket

#endif
