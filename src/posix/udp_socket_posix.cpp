#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include <fmt/format.h>

#include "common/net.hpp"
#include "common/system.hpp"
#include "posix/interrupt_posix.hpp"
#include "posix/posix_error.hpp"
#include "posix/send_errors.hpp"
#include "posix/socket_state.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"
#include "sockets_shared/socket_options.hpp"
#include "sockets_shared/whole_send.hpp"

namespace dgram::net {
namespace {

using posix_socket::fd_of;

// setsockopt and getsockopt on one descriptor, for sockets_shared/socket_options.hpp.
struct SocketCalls {
  int fd;
  using HopCount = int;
  // IP_MULTICAST_TTL takes an unsigned char on BSDs; Linux accepts both.
  using MulticastTtl = unsigned char;
  bool set(int level, int name, const void* value, std::size_t size) const {
    return setsockopt(fd, level, name, value, static_cast<socklen_t>(size)) == 0;
  }
  bool get(int level, int name, int& value) const {
    socklen_t length = sizeof value;
    return getsockopt(fd, level, name, &value, &length) == 0;
  }
  Error last_error(const std::string& context) const { return posix::last_error(context); }
};

}  // namespace

Result<UdpSocket> UdpSocket::open(Family family) {
  int type = SOCK_DGRAM;
#ifdef SOCK_CLOEXEC
  type |= SOCK_CLOEXEC;  // child processes must not inherit it
#endif
  const int fd = socket(bsd::address_family(family), type, IPPROTO_UDP);
  if (fd < 0) {
    return posix::last_error(
        fmt::format("cannot open a UDP {} socket", family == Family::ipv4 ? "IPv4" : "IPv6"));
  }
  return UdpSocket(fd, family, OsStatePointer(new OsState));
}

void UdpSocket::OsStateDeleter::operator()(OsState* state) const noexcept { delete state; }

void UdpSocket::close() {
  if (handle_ != no_socket) ::close(fd_of(handle_));
  handle_ = no_socket;
}

Status UdpSocket::set_ipv6_only(bool ipv6_only) {
  return bsd::set_option(SocketCalls{fd_of(handle_)}, IPPROTO_IPV6, IPV6_V6ONLY,
                         int{ipv6_only ? 1 : 0}, "IPV6_V6ONLY");
}

// An unconnected POSIX UDP socket never receives ICMP errors (unless asked
// with IP_RECVERR). A connected one does; connect() asks Linux to queue them
// too (IP_RECVERR), and a queued error keeps poll() reporting the socket
// while a read waits for a datagram: off again, each error is one failed
// read. Call it after connect().
Status UdpSocket::ignore_icmp_errors() {
#if defined(__linux__) && !defined(DGRAM_PORTABLE)
  const bool v6 = family_ == Family::ipv6;
  return bsd::set_option(SocketCalls{fd_of(handle_)}, v6 ? SOL_IPV6 : SOL_IP,
                         v6 ? IPV6_RECVERR : IP_RECVERR, 0,
                         v6 ? "IPV6_RECVERR off" : "IP_RECVERR off");
#else
  return {};
#endif
}

Status UdpSocket::set_broadcast(bool enabled) {
  return bsd::set_option(SocketCalls{fd_of(handle_)}, SOL_SOCKET, SO_BROADCAST, int{enabled},
                         "SO_BROADCAST");
}

Status UdpSocket::set_hop_limit(int hops) {
  return bsd::set_hop_limit(SocketCalls{fd_of(handle_)}, family_, hops);
}

Status UdpSocket::set_multicast_loop(bool enabled) {
  const SocketCalls calls{fd_of(handle_)};
  if (family_ == Family::ipv4) {
    return bsd::set_option(calls, IPPROTO_IP, IP_MULTICAST_LOOP,
                           static_cast<unsigned char>(enabled), "IP_MULTICAST_LOOP");
  }
  return bsd::set_option(calls, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, unsigned{enabled},
                         "IPV6_MULTICAST_LOOP");
}

Status UdpSocket::join(const MulticastGroup& group) {
  const SocketCalls calls{fd_of(handle_)};
  return bsd::join_group(group, [calls](int level, int name, auto value, const char* what) {
    return bsd::set_option(calls, level, name, value, what);
  });
}

Result<std::size_t> UdpSocket::set_receive_buffer(std::size_t bytes) {
  const SocketCalls calls{fd_of(handle_)};
  auto granted = bsd::set_receive_buffer(
      bytes,
      [calls](int level, int name, auto value, const char* what) {
        return bsd::set_option(calls, level, name, value, what);
      },
      [calls](int level, int name, const char* what) {
        return bsd::get_option(calls, level, name, what);
      });
#ifdef __linux__
  // Linux doubles the request to cover its bookkeeping and reports the
  // doubled value (socket(7)); half of it is what compares to the request.
  if (granted) return *granted / 2;
#endif
  return granted;
}

bool UdpSocket::enable_destination_address() {
  const int on = 1;
  const int fd = fd_of(handle_);
  // An IPv6 socket reports IPv4 datagrams (dual stack) with IPV6_PKTINFO
  // too, their destination IPv4-mapped.
  os_->destinations = family_ == Family::ipv4
                          ? setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) == 0
                          : setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) == 0;
  return os_->destinations;
}

Status UdpSocket::set_port_sharing(bool shared) {
  if (!shared) return {};  // POSIX ports are exclusive unless SO_REUSEADDR is set
  return bsd::set_option(SocketCalls{fd_of(handle_)}, SOL_SOCKET, SO_REUSEADDR, int{1},
                         "SO_REUSEADDR");
}

Status UdpSocket::bind(const Endpoint& local) {
  sockaddr_storage storage;
  const int length = bsd::to_sockaddr(local, storage);
  if (::bind(fd_of(handle_), reinterpret_cast<sockaddr*>(&storage),
             static_cast<socklen_t>(length)) != 0) {
    return posix::last_error(
        fmt::format("cannot bind {} port {}", address_text(local), local.port));
  }
  return {};
}

Result<Endpoint> UdpSocket::local_endpoint() const {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (getsockname(fd_of(handle_), reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
    return posix::last_error("cannot read the socket's local address");
  }
  Endpoint endpoint;
  if (!bsd::from_sockaddr(reinterpret_cast<sockaddr*>(&storage), endpoint)) {
    return Error{ErrorKind::system, "the socket's local address is neither IPv4 nor IPv6"};
  }
  return endpoint;
}

Status UdpSocket::send_to(std::span<const std::byte> payload, const Endpoint& to, SendMode mode) {
  sockaddr_storage storage;
  const int length = bsd::to_sockaddr(to, storage);
  const ssize_t sent = posix_socket::retrying(mode, [&] {
    return ::sendto(fd_of(handle_), payload.data(), payload.size(), posix_socket::send_flags(mode),
                    reinterpret_cast<sockaddr*>(&storage), static_cast<socklen_t>(length));
  });
  if (sent < 0) return posix::last_error("send failed");
  return bsd::check_whole_send(sent, payload.size());
}

Status UdpSocket::connect(const Endpoint& peer) {
  sockaddr_storage storage;
  const int length = bsd::to_sockaddr(peer, storage);
  if (::connect(fd_of(handle_), reinterpret_cast<sockaddr*>(&storage),
                static_cast<socklen_t>(length)) != 0) {
    return posix::last_error("connect");
  }
  return posix_socket::report_every_error(fd_of(handle_), family_);
}

bool UdpSocket::refused_by_peer() {
  // A pending socket error is reported before any datagram, even a peeked one.
  std::byte probe[1];
  const ssize_t got = ::recv(fd_of(handle_), probe, sizeof probe, MSG_PEEK | MSG_DONTWAIT);
  return got < 0 && errno == ECONNREFUSED;
}

Status UdpSocket::send(std::span<const std::byte> payload, SendMode mode) {
  const ssize_t sent = posix_socket::retrying(mode, [&] {
    return ::send(fd_of(handle_), payload.data(), payload.size(), posix_socket::send_flags(mode));
  });
  if (sent < 0) return posix::last_error("send failed");
  return bsd::check_whole_send(sent, payload.size());
}

Status UdpSocket::send_batch(std::span<const std::span<const std::byte>> datagrams,
                             std::size_t& sent_count) {
  sent_count = 0;
#if defined(__linux__) && !defined(DGRAM_PORTABLE)
  constexpr std::size_t most = batch_most;
  mmsghdr messages[most];
  iovec pieces[most];
  while (!datagrams.empty()) {
    const std::size_t count = std::min(most, datagrams.size());
    for (std::size_t i = 0; i < count; ++i) {
      pieces[i] = {const_cast<std::byte*>(datagrams[i].data()), datagrams[i].size()};
      messages[i] = {};
      messages[i].msg_hdr.msg_iov = &pieces[i];
      messages[i].msg_hdr.msg_iovlen = 1;
    }
    const int sent = posix_socket::retrying(SendMode::may_wait, [&] {
      return ::sendmmsg(fd_of(handle_), messages, static_cast<unsigned>(count), 0);
    });
    if (sent < 0) return posix::last_error("send failed");
    for (int i = 0; i < sent; ++i) {
      const auto index = static_cast<std::size_t>(i);
      if (auto whole = bsd::check_whole_send(messages[i].msg_len, datagrams[index].size());
          !whole) {
        return whole;
      }
      ++sent_count;
    }
    datagrams = datagrams.subspan(static_cast<std::size_t>(sent));
    if (static_cast<std::size_t>(sent) < count) {
      if (auto alone = posix_socket::after_short_batch(
              fd_of(handle_), messages[static_cast<std::size_t>(sent)].msg_hdr);
          !alone) {
        return alone;
      }
      ++sent_count;
      datagrams = datagrams.subspan(1);
      if (auto pending = posix_socket::pending_send_error(fd_of(handle_)); !pending) {
        return pending;
      }
    }
  }
  return posix_socket::pending_send_error(fd_of(handle_));
#else
  for (const auto datagram : datagrams) {
    if (auto sent = send(datagram); !sent) return sent;
    ++sent_count;
  }
  return {};
#endif
}

}  // namespace dgram::net
