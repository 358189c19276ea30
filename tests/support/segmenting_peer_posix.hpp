// A test peer that sends like a UDP segmentation offload (GSO) sender:
// several datagrams in one message that the kernel cuts apart (Linux
// UDP_SEGMENT), every one of a given size but the last, which may be
// shorter. It uses its own socket, not dgram's, so that what dgram receives
// is tested against a sender dgram does not share code with. POSIX only.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/net.hpp"

namespace dgram::test {

class SegmentingPeer {
 public:
  // A socket bound to 127.0.0.1 or ::1 on an ephemeral port.
  explicit SegmentingPeer(net::Family family);
  SegmentingPeer(const SegmentingPeer&) = delete;
  SegmentingPeer& operator=(const SegmentingPeer&) = delete;
  ~SegmentingPeer();

  std::uint16_t port() const { return port_; }

  // Whether this kernel segments (Linux 4.18+); tests skip where not.
  static bool kernel_segments();

  // Sends `datagrams` to loopback `port` as one message cut by the kernel
  // into datagrams of `datagrams[0].size()` bytes: all but the last must be
  // that size, the last no bigger. One datagram goes out plainly. False (and
  // a test failure) when the kernel refused.
  bool send(const std::vector<std::string>& datagrams, std::uint16_t to_port);

  // The next datagram sent back to this socket within `timeout`.
  std::optional<std::string> receive(std::chrono::milliseconds timeout);

 private:
  net::Family family_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// `count` datagrams for SegmentingPeer::send: printable text, each starting
// with its index, `size` bytes each but the last, which has `last_size`.
std::vector<std::string> numbered_datagrams(std::size_t count, std::size_t size,
                                            std::size_t last_size);

}  // namespace dgram::test
