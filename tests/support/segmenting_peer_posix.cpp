#include "support/segmenting_peer_posix.hpp"

#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace dgram::test {
namespace {

socklen_t loopback_address(net::Family family, std::uint16_t port, sockaddr_storage& storage) {
  storage = {};
  if (family == net::Family::ipv4) {
    auto& address = reinterpret_cast<sockaddr_in&>(storage);
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sizeof address;
  }
  auto& address = reinterpret_cast<sockaddr_in6&>(storage);
  address.sin6_family = AF_INET6;
  address.sin6_port = htons(port);
  address.sin6_addr = in6addr_loopback;
  return sizeof address;
}

}  // namespace

SegmentingPeer::SegmentingPeer(net::Family family) : family_(family) {
  fd_ = ::socket(family == net::Family::ipv4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_storage local;
  socklen_t length = loopback_address(family, 0, local);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&local), length) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
    ADD_FAILURE() << "test peer: cannot open a socket: " << std::strerror(errno);
    return;
  }
  port_ = ntohs(family == net::Family::ipv4 ? reinterpret_cast<sockaddr_in&>(local).sin_port
                                            : reinterpret_cast<sockaddr_in6&>(local).sin6_port);
}

SegmentingPeer::~SegmentingPeer() {
  if (fd_ >= 0) ::close(fd_);
}

bool SegmentingPeer::kernel_segments() {
#if defined(__linux__) && defined(UDP_SEGMENT)
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int size = 0;
  socklen_t length = sizeof size;
  const bool knows = fd >= 0 && getsockopt(fd, SOL_UDP, UDP_SEGMENT, &size, &length) == 0;
  if (fd >= 0) ::close(fd);
  return knows;
#else
  return false;
#endif
}

bool SegmentingPeer::send(const std::vector<std::string>& datagrams, std::uint16_t to_port) {
  std::string message;
  for (const std::string& datagram : datagrams) message += datagram;
  sockaddr_storage to;
  const socklen_t to_length = loopback_address(family_, to_port, to);
  iovec data{message.data(), message.size()};
  msghdr header{};
  header.msg_name = &to;
  header.msg_namelen = to_length;
  header.msg_iov = &data;
  header.msg_iovlen = 1;
#if defined(__linux__) && defined(UDP_SEGMENT)
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(std::uint16_t))] = {};
  if (datagrams.size() > 1) {
    header.msg_control = control;
    header.msg_controllen = sizeof control;
    cmsghdr* segment = CMSG_FIRSTHDR(&header);
    segment->cmsg_level = SOL_UDP;
    segment->cmsg_type = UDP_SEGMENT;
    segment->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
    const auto size = static_cast<std::uint16_t>(datagrams.front().size());
    std::memcpy(CMSG_DATA(segment), &size, sizeof size);
  }
#endif
  const ssize_t sent = ::sendmsg(fd_, &header, 0);
  if (sent != static_cast<ssize_t>(message.size())) {
    ADD_FAILURE() << "test peer: sending " << datagrams.size()
                  << " segments failed: " << std::strerror(errno);
    return false;
  }
  return true;
}

std::optional<std::string> SegmentingPeer::receive(std::chrono::milliseconds timeout) {
  pollfd readable{fd_, POLLIN, 0};
  if (::poll(&readable, 1, static_cast<int>(timeout.count())) != 1) return std::nullopt;
  std::string datagram(65536, '\0');
  const ssize_t got = ::recv(fd_, datagram.data(), datagram.size(), 0);
  if (got < 0) return std::nullopt;
  datagram.resize(static_cast<std::size_t>(got));
  return datagram;
}

std::vector<std::string> numbered_datagrams(std::size_t count, std::size_t size,
                                            std::size_t last_size) {
  std::vector<std::string> datagrams;
  for (std::size_t i = 0; i < count; ++i) {
    std::string datagram = fmt::format("{:05}", i);
    datagram.resize(i + 1 == count ? last_size : size, static_cast<char>('a' + i % 26));
    datagrams.push_back(std::move(datagram));
  }
  return datagrams;
}

}  // namespace dgram::test
