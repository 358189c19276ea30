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

}  // namespace

Result<UdpSocket> UdpSocket::open(Family family) {
  int type = SOCK_DGRAM;
#ifdef SOCK_CLOEXEC
  type |= SOCK_CLOEXEC;  // children (`--exec` one day, tests now) must not inherit it
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
  const int value = ipv6_only ? 1 : 0;
  if (setsockopt(fd_of(handle_), IPPROTO_IPV6, IPV6_V6ONLY, &value, sizeof value) != 0) {
    return posix::last_error("cannot set IPV6_V6ONLY");
  }
  return {};
}

// An unconnected POSIX UDP socket never receives ICMP errors (unless asked
// with IP_RECVERR). A connected one does; connect() asks Linux to queue them
// too (IP_RECVERR), and a queued error keeps poll() reporting the socket
// while a read waits for a datagram: off again, each error is one failed
// read. Call it after connect().
Status UdpSocket::ignore_icmp_errors() {
#if defined(__linux__) && !defined(DGRAM_PORTABLE)
  const int off = 0;
  const bool v6 = family_ == Family::ipv6;
  setsockopt(fd_of(handle_), v6 ? SOL_IPV6 : SOL_IP, v6 ? IPV6_RECVERR : IP_RECVERR, &off,
             sizeof off);
#endif
  return {};
}

namespace {

template <class Value>
Status set_option(int fd, int level, int name, Value value, const char* what) {
  if (setsockopt(fd, level, name, &value, sizeof value) != 0) {
    return posix::last_error(fmt::format("cannot set {}", what));
  }
  return {};
}

Result<int> get_option(int fd, int level, int name, const char* what) {
  int value = 0;
  socklen_t length = sizeof value;
  if (getsockopt(fd, level, name, &value, &length) != 0) {
    return posix::last_error(fmt::format("cannot read {}", what));
  }
  return value;
}

}  // namespace

Status UdpSocket::set_broadcast(bool enabled) {
  return set_option(fd_of(handle_), SOL_SOCKET, SO_BROADCAST, int{enabled}, "SO_BROADCAST");
}

Status UdpSocket::set_hop_limit(int hops) {
  const int fd = fd_of(handle_);
  if (family_ == Family::ipv4) {
    if (auto set = set_option(fd, IPPROTO_IP, IP_TTL, hops, "IP_TTL"); !set) return set;
    // IP_MULTICAST_TTL takes an unsigned char on BSDs; Linux accepts both.
    return set_option(fd, IPPROTO_IP, IP_MULTICAST_TTL, static_cast<unsigned char>(hops),
                      "IP_MULTICAST_TTL");
  }
  if (auto set = set_option(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, hops, "IPV6_UNICAST_HOPS"); !set) {
    return set;
  }
  return set_option(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, hops, "IPV6_MULTICAST_HOPS");
}

Status UdpSocket::set_multicast_loop(bool enabled) {
  if (family_ == Family::ipv4) {
    return set_option(fd_of(handle_), IPPROTO_IP, IP_MULTICAST_LOOP,
                      static_cast<unsigned char>(enabled), "IP_MULTICAST_LOOP");
  }
  return set_option(fd_of(handle_), IPPROTO_IPV6, IPV6_MULTICAST_LOOP, unsigned{enabled},
                    "IPV6_MULTICAST_LOOP");
}

Status UdpSocket::join(const MulticastGroup& group) {
  return bsd::join_group(group, [this](int level, int name, auto value, const char* what) {
    return set_option(fd_of(handle_), level, name, value, what);
  });
}

Result<std::size_t> UdpSocket::set_receive_buffer(std::size_t bytes) {
  const int fd = fd_of(handle_);
  auto granted = bsd::set_receive_buffer(
      bytes,
      [fd](int level, int name, auto value, const char* what) {
        return set_option(fd, level, name, value, what);
      },
      [fd](int level, int name, const char* what) { return get_option(fd, level, name, what); });
#ifdef __linux__
  // Linux doubles the request to cover its bookkeeping and reports the
  // doubled value (socket(7)); half of it is what compares to the request.
  if (granted) return *granted / 2;
#endif
  return granted;
}

Status UdpSocket::set_port_sharing(bool shared) {
  if (!shared) return {};  // POSIX ports are exclusive unless SO_REUSEADDR is set
  const int on = 1;
  if (setsockopt(fd_of(handle_), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0) {
    return posix::last_error("cannot set SO_REUSEADDR");
  }
  return {};
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
  bsd::from_sockaddr(reinterpret_cast<sockaddr*>(&storage), endpoint);
  return endpoint;
}

Status UdpSocket::send_to(std::span<const std::byte> payload, const Endpoint& to) {
  sockaddr_storage storage;
  const int length = bsd::to_sockaddr(to, storage);
  const ssize_t sent = posix_socket::retrying([&] {
    return ::sendto(fd_of(handle_), payload.data(), payload.size(), 0,
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

Status UdpSocket::send(std::span<const std::byte> payload) {
  const ssize_t sent = posix_socket::retrying(
      [&] { return ::send(fd_of(handle_), payload.data(), payload.size(), 0); });
  if (sent < 0) return posix::last_error("send failed");
  return bsd::check_whole_send(sent, payload.size());
}

Status UdpSocket::send_batch(std::span<const std::span<const std::byte>> datagrams) {
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
    const int sent = posix_socket::retrying(
        [&] { return ::sendmmsg(fd_of(handle_), messages, static_cast<unsigned>(count), 0); });
    if (sent < 0) return posix::last_error("send failed");
    for (int i = 0; i < sent; ++i) {
      const auto index = static_cast<std::size_t>(i);
      if (auto whole = bsd::check_whole_send(messages[i].msg_len, datagrams[index].size());
          !whole) {
        return whole;
      }
    }
    datagrams = datagrams.subspan(static_cast<std::size_t>(sent));
    if (static_cast<std::size_t>(sent) < count) {
      if (auto alone = posix_socket::after_short_batch(
              fd_of(handle_), messages[static_cast<std::size_t>(sent)].msg_hdr);
          !alone) {
        return alone;
      }
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
  }
  return {};
#endif
}

Result<UdpSocket::Readiness> UdpSocket::wait_readable(
    std::optional<std::chrono::milliseconds> timeout) {
  using clock = std::chrono::steady_clock;
  const auto deadline = timeout ? clock::now() + *timeout : clock::time_point::max();
  pollfd fds[2] = {{fd_of(handle_), POLLIN, 0}, {posix::interrupt_wake_fd(), POLLIN, 0}};
  const nfds_t count = fds[1].fd >= 0 ? 2 : 1;
  while (true) {
    if (sys::interrupt_requested()) return interrupted_error();
    if (os_->received.has_datagrams()) return Readiness::readable;
    int wait_ms = -1;
    if (timeout) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
      wait_ms = static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, INT_MAX));
    }
    const int ready = poll(fds, count, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;  // a signal: the loop head checks whether it was ours
      return posix::last_error("waiting for a datagram failed");
    }
    if (sys::interrupt_requested()) return interrupted_error();
    if (fds[0].revents != 0) return Readiness::readable;  // or an error the next read reports
    if (ready == 0 && (!timeout || clock::now() >= deadline)) return Readiness::timed_out;
  }
}

Result<UdpSocket::Ready> UdpSocket::wait_readable_or_input(
    std::optional<std::chrono::milliseconds> timeout) {
  using clock = std::chrono::steady_clock;
  const auto deadline = timeout ? clock::now() + *timeout : clock::time_point::max();
  pollfd fds[3] = {{fd_of(handle_), POLLIN, 0},
                   {STDIN_FILENO, POLLIN, 0},
                   {posix::interrupt_wake_fd(), POLLIN, 0}};
  const nfds_t count = fds[2].fd >= 0 ? 3 : 2;
  while (true) {
    if (sys::interrupt_requested()) return interrupted_error();
    int wait_ms = -1;
    if (timeout) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
      wait_ms = static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, INT_MAX));
    }
    // Datagrams left over from a read are there without a wait, but input
    // that is ready too is not passed over.
    if (os_->received.has_datagrams()) wait_ms = 0;
    const int ready = poll(fds, count, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return posix::last_error("waiting for a datagram or input failed");
    }
    if (sys::interrupt_requested()) return interrupted_error();
    // An input at its end or in error is "ready" too: the read reports it.
    Ready got{fds[0].revents != 0 || os_->received.has_datagrams(), fds[1].revents != 0};
    if (got.datagram || got.input) return got;
    if (ready == 0 && (!timeout || clock::now() >= deadline)) return got;
  }
}

}  // namespace dgram::net

namespace dgram::net {

Status UdpSocket::wait_any_readable(std::span<UdpSocket* const> sockets,
                                    std::optional<std::chrono::milliseconds> timeout,
                                    std::vector<std::size_t>& readable) {
  using clock = std::chrono::steady_clock;
  readable.clear();
  if (sys::interrupt_requested()) return interrupted_error();
  // Datagrams an earlier read left over are ready without a system call.
  for (std::size_t i = 0; i < sockets.size(); ++i) {
    if (sockets[i]->os_->received.has_datagrams()) readable.push_back(i);
  }
  if (!readable.empty()) return {};
  const auto deadline = timeout ? clock::now() + *timeout : clock::time_point::max();
  std::vector<pollfd> fds;
  fds.reserve(sockets.size() + 1);
  for (const UdpSocket* socket : sockets) fds.push_back({fd_of(socket->handle_), POLLIN, 0});
  const int wake = posix::interrupt_wake_fd();
  if (wake >= 0) fds.push_back({wake, POLLIN, 0});
  while (true) {
    int wait_ms = -1;
    if (timeout) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
      wait_ms = static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, INT_MAX));
    }
    const int ready = poll(fds.data(), static_cast<nfds_t>(fds.size()), wait_ms);
    if (ready < 0 && errno != EINTR) return posix::last_error("waiting for a datagram failed");
    if (sys::interrupt_requested()) return interrupted_error();
    if (ready < 0) continue;  // another signal
    for (std::size_t i = 0; i < sockets.size(); ++i) {
      if (fds[i].revents != 0) readable.push_back(i);  // or an error the next read reports
    }
    if (!readable.empty()) return {};
    if (timeout && clock::now() >= deadline) return {};
  }
}

}  // namespace dgram::net
