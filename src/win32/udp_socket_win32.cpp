#include "win32/winsock_headers.hpp"

#include <algorithm>
#include <cassert>
#include <climits>
#include <memory>

#include <fmt/format.h>

#include "common/limits.hpp"
#include "common/net.hpp"
#include "common/system.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"
#include "sockets_shared/socket_options.hpp"
#include "sockets_shared/whole_send.hpp"
#include "win32/interrupt_win32.hpp"
#include "win32/standard_input_win32.hpp"
#include "win32/win32_error.hpp"

namespace dgram::net {
namespace {

static_assert(static_cast<std::intptr_t>(INVALID_SOCKET) == -1, "UdpSocket::no_socket");

SOCKET socket_of(std::intptr_t handle) { return static_cast<SOCKET>(handle); }

// select() with a zero timeout: is a datagram (or an error) waiting?
Result<bool> poll_now(SOCKET socket) {
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(socket, &readable);
  timeval zero{};
  const int ready = select(0, &readable, nullptr, nullptr, &zero);
  if (ready == SOCKET_ERROR) return win32::last_winsock_error("waiting for a datagram failed");
  return ready > 0;
}

bool make_blocking(SOCKET socket) {
  u_long non_blocking = 0;
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"  // FIONBIO's definition overflows long
#endif
  const int status = ioctlsocket(socket, FIONBIO, &non_blocking);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
  return status == 0;
}

// Blocks until `socket` is readable, the interrupt event or `also` (when
// given) is set, or `wait_ms` passes; true when the socket woke it.
// WSAEventSelect makes the socket non-blocking, so it is made blocking again
// before returning.
Result<bool> wait_with_interrupt(SOCKET socket, HANDLE interrupt, DWORD wait_ms,
                                 HANDLE also = nullptr) {
  WSAEVENT readable = WSACreateEvent();
  if (readable == WSA_INVALID_EVENT) {
    return win32::last_winsock_error("waiting for a datagram failed");
  }
  Result<bool> outcome = false;
  if (WSAEventSelect(socket, readable, FD_READ) == SOCKET_ERROR) {
    outcome = win32::last_winsock_error("waiting for a datagram failed");
  } else {
    // WSAWaitForMultipleEvents takes handles of any kind, as
    // WaitForMultipleObjectsEx does.
    const WSAEVENT events[3] = {readable, interrupt, also};
    const DWORD woke =
        WSAWaitForMultipleEvents(also != nullptr ? 3 : 2, events, FALSE, wait_ms, FALSE);
    if (woke == WSA_WAIT_FAILED) {
      outcome = win32::last_winsock_error("waiting for a datagram failed");
    } else {
      outcome = woke == WSA_WAIT_EVENT_0;
    }
    // Later sends and receives expect a blocking socket again.
    if (WSAEventSelect(socket, nullptr, 0) == SOCKET_ERROR || !make_blocking(socket)) {
      outcome = win32::last_winsock_error("cannot make the socket blocking again");
    }
  }
  WSACloseEvent(readable);
  return outcome;
}

}  // namespace

// Windows tracks no offload and no drops: only the buffer receive_batch
// reads into.
struct UdpSocket::OsState {
  std::unique_ptr<std::byte[]> receive_buffer;  // max_datagram_size, made on first use
};

void UdpSocket::OsStateDeleter::operator()(OsState* state) const noexcept { delete state; }

Result<UdpSocket> UdpSocket::open(Family family) {
  const SOCKET socket = WSASocketW(bsd::address_family(family), SOCK_DGRAM, IPPROTO_UDP, nullptr, 0,
                                   WSA_FLAG_NO_HANDLE_INHERIT);
  if (socket == INVALID_SOCKET) {
    return win32::last_winsock_error(
        fmt::format("cannot open a UDP {} socket", family == Family::ipv4 ? "IPv4" : "IPv6"));
  }
  return UdpSocket(static_cast<std::intptr_t>(socket), family, OsStatePointer(new OsState));
}

void UdpSocket::close() {
  if (handle_ != no_socket) closesocket(socket_of(handle_));
  handle_ = no_socket;
}

Status UdpSocket::set_ipv6_only(bool ipv6_only) {
  const DWORD value = ipv6_only ? 1 : 0;
  if (setsockopt(socket_of(handle_), IPPROTO_IPV6, IPV6_V6ONLY,
                 reinterpret_cast<const char*>(&value), sizeof value) == SOCKET_ERROR) {
    return win32::last_winsock_error("cannot set IPV6_V6ONLY");
  }
  return {};
}

Status UdpSocket::ignore_icmp_errors() {
  // Without this, an ICMP port unreachable caused by one of our sends makes
  // the next recvfrom fail with WSAECONNRESET (WSAENETRESET for TTL expiry),
  // which kills naive listeners. Older Windows and Wine may not know
  // SIO_UDP_NETRESET; the receive loop tolerates those errors anyway.
  for (const DWORD control :
       {static_cast<DWORD>(SIO_UDP_CONNRESET), static_cast<DWORD>(SIO_UDP_NETRESET)}) {
    BOOL report = FALSE;
    DWORD returned = 0;
    WSAIoctl(socket_of(handle_), control, &report, sizeof report, nullptr, 0, &returned, nullptr,
             nullptr);
  }
  return {};
}

namespace {

template <class Value>
Status set_option(SOCKET socket, int level, int name, Value value, const char* what) {
  if (setsockopt(socket, level, name, reinterpret_cast<const char*>(&value), sizeof value) ==
      SOCKET_ERROR) {
    return win32::last_winsock_error(fmt::format("cannot set {}", what));
  }
  return {};
}

Result<int> get_option(SOCKET socket, int level, int name, const char* what) {
  int value = 0;
  int length = sizeof value;
  if (getsockopt(socket, level, name, reinterpret_cast<char*>(&value), &length) == SOCKET_ERROR) {
    return win32::last_winsock_error(fmt::format("cannot read {}", what));
  }
  return value;
}

}  // namespace

Status UdpSocket::set_broadcast(bool enabled) {
  return set_option(socket_of(handle_), SOL_SOCKET, SO_BROADCAST, BOOL{enabled}, "SO_BROADCAST");
}

Status UdpSocket::set_hop_limit(int hops) {
  const SOCKET socket = socket_of(handle_);
  // Winsock takes a DWORD for all four.
  const auto value = static_cast<DWORD>(hops);
  if (family_ == Family::ipv4) {
    if (auto set = set_option(socket, IPPROTO_IP, IP_TTL, value, "IP_TTL"); !set) return set;
    return set_option(socket, IPPROTO_IP, IP_MULTICAST_TTL, value, "IP_MULTICAST_TTL");
  }
  if (auto set = set_option(socket, IPPROTO_IPV6, IPV6_UNICAST_HOPS, value, "IPV6_UNICAST_HOPS");
      !set) {
    return set;
  }
  return set_option(socket, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, value, "IPV6_MULTICAST_HOPS");
}

Status UdpSocket::set_multicast_loop(bool enabled) {
  const int level = family_ == Family::ipv4 ? IPPROTO_IP : IPPROTO_IPV6;
  const int name = family_ == Family::ipv4 ? IP_MULTICAST_LOOP : IPV6_MULTICAST_LOOP;
  return set_option(socket_of(handle_), level, name, DWORD{enabled}, "multicast loopback");
}

Status UdpSocket::join(const MulticastGroup& group) {
  return bsd::join_group(group, [this](int level, int name, auto value, const char* what) {
    return set_option(socket_of(handle_), level, name, value, what);
  });
}

Result<std::size_t> UdpSocket::set_receive_buffer(std::size_t bytes) {
  const SOCKET socket = socket_of(handle_);
  return bsd::set_receive_buffer(
      bytes,
      [socket](int level, int name, auto value, const char* what) {
        return set_option(socket, level, name, value, what);
      },
      [socket](int level, int name, const char* what) {
        return get_option(socket, level, name, what);
      });
}

// Winsock keeps no count of the datagrams it drops for a full buffer.
bool UdpSocket::count_kernel_drops() { return false; }
KernelDrops UdpSocket::kernel_drops() const { return {}; }

// Recent Windows can coalesce received datagrams too
// (UDP_RECV_MAX_COALESCED_SIZE), but Wine cannot, so it would go untested
// here: unused.
bool UdpSocket::coalesce_receives() { return false; }

Status UdpSocket::set_port_sharing(bool shared) {
  // Without SO_EXCLUSIVEADDRUSE any process could bind the same port with
  // SO_REUSEADDR and take over the datagrams meant for this one.
  const int option = shared ? SO_REUSEADDR : SO_EXCLUSIVEADDRUSE;
  const BOOL on = TRUE;
  if (setsockopt(socket_of(handle_), SOL_SOCKET, option, reinterpret_cast<const char*>(&on),
                 sizeof on) == SOCKET_ERROR) {
    return win32::last_winsock_error(shared ? "cannot set SO_REUSEADDR"
                                            : "cannot set SO_EXCLUSIVEADDRUSE");
  }
  return {};
}

Status UdpSocket::bind(const Endpoint& local) {
  sockaddr_storage storage;
  const int length = bsd::to_sockaddr(local, storage);
  if (::bind(socket_of(handle_), reinterpret_cast<sockaddr*>(&storage), length) == SOCKET_ERROR) {
    Error error = win32::last_winsock_error(
        fmt::format("cannot bind {} port {}", address_text(local), local.port));
    // Binding a port another socket holds with SO_EXCLUSIVEADDRUSE fails with
    // WSAEACCES rather than WSAEADDRINUSE.
    if (error.kind == ErrorKind::permission_denied) error.kind = ErrorKind::address_in_use;
    return error;
  }
  return {};
}

Result<Endpoint> UdpSocket::local_endpoint() const {
  sockaddr_storage storage{};
  int length = sizeof storage;
  if (getsockname(socket_of(handle_), reinterpret_cast<sockaddr*>(&storage), &length) ==
      SOCKET_ERROR) {
    return win32::last_winsock_error("cannot read the socket's local address");
  }
  Endpoint endpoint;
  bsd::from_sockaddr(reinterpret_cast<sockaddr*>(&storage), endpoint);
  return endpoint;
}

Status UdpSocket::send_to(std::span<const std::byte> payload, const Endpoint& to) {
  sockaddr_storage storage;
  const int length = bsd::to_sockaddr(to, storage);
  const int sent =
      ::sendto(socket_of(handle_), reinterpret_cast<const char*>(payload.data()),
               static_cast<int>(payload.size()), 0, reinterpret_cast<sockaddr*>(&storage), length);
  if (sent == SOCKET_ERROR) return win32::last_winsock_error("send failed");
  return bsd::check_whole_send(sent, payload.size());
}

Status UdpSocket::connect(const Endpoint& peer) {
  sockaddr_storage storage;
  const int length = bsd::to_sockaddr(peer, storage);
  if (::connect(socket_of(handle_), reinterpret_cast<sockaddr*>(&storage), length) ==
      SOCKET_ERROR) {
    return win32::last_winsock_error("connect");
  }
  return {};
}

bool UdpSocket::refused_by_peer() {
  // Winsock reports the ICMP error as WSAECONNRESET from the next receive;
  // MSG_PEEK leaves a waiting datagram where it is (WSAEMSGSIZE: one bigger
  // than the probe, not an error).
  auto readable = poll_now(socket_of(handle_));
  if (!readable || !*readable) return false;
  char probe[1];
  const int got = ::recv(socket_of(handle_), probe, sizeof probe, MSG_PEEK);
  return got == SOCKET_ERROR && WSAGetLastError() == WSAECONNRESET;
}

Status UdpSocket::send(std::span<const std::byte> payload) {
  const int sent = ::send(socket_of(handle_), reinterpret_cast<const char*>(payload.data()),
                          static_cast<int>(payload.size()), 0);
  if (sent == SOCKET_ERROR) return win32::last_winsock_error("send failed");
  return bsd::check_whole_send(sent, payload.size());
}

// Winsock has no sendmmsg: one send per datagram.
Status UdpSocket::send_batch(std::span<const std::span<const std::byte>> datagrams) {
  for (const auto datagram : datagrams) {
    if (auto sent = send(datagram); !sent) return sent;
  }
  return {};
}

// Nor send offload that Wine has (Windows 10 2004+ has UDP_SEND_MSG_SIZE,
// untested here, so unused): copies go one send each, a round per call.
Result<std::uint64_t> UdpSocket::send_copies(std::span<const std::byte> datagram,
                                             std::uint64_t most) {
  const std::uint64_t count = std::min<std::uint64_t>(most, 64);
  for (std::uint64_t i = 0; i < count; ++i) {
    if (auto sent = send(datagram); !sent) return sent.take_error();
  }
  return count;
}

// Nor recvmmsg: one datagram per call.
Result<std::size_t> UdpSocket::receive_batch(std::span<ReceivedDatagram> datagrams) {
  if (datagrams.empty()) return std::size_t{0};
  if (!os_->receive_buffer) os_->receive_buffer.reset(new std::byte[max_datagram_size]);
  const std::span<std::byte> buffer(os_->receive_buffer.get(), max_datagram_size);
  auto received = receive_from(buffer);
  if (!received) return received.take_error();
  datagrams[0].bytes = buffer.first(std::min(received->size, buffer.size()));
  datagrams[0].received = *received;
  return std::size_t{1};
}

Result<Received> UdpSocket::receive_from(std::span<std::byte> buffer) {
  assert(buffer.size() >= max_datagram_size);  // the true-size promise rests on it
  sockaddr_storage storage{};
  int length = sizeof storage;
  const int got = ::recvfrom(socket_of(handle_), reinterpret_cast<char*>(buffer.data()),
                             static_cast<int>(buffer.size()), 0,
                             reinterpret_cast<sockaddr*>(&storage), &length);
  Received received;
  if (got == SOCKET_ERROR) {
    const int code = WSAGetLastError();
    // Winsock fills the buffer and fails with WSAEMSGSIZE when the datagram
    // is bigger; the true size is then unknown but at least the buffer's.
    if (code != WSAEMSGSIZE) return win32::winsock_error(code, "receive failed");
    received.size = buffer.size();
  } else {
    received.size = static_cast<std::size_t>(got);
  }
  bsd::from_sockaddr(reinterpret_cast<sockaddr*>(&storage), received.from);
  return received;
}

Result<UdpSocket::Readiness> UdpSocket::wait_readable(
    std::optional<std::chrono::milliseconds> timeout) {
  using clock = std::chrono::steady_clock;
  if (sys::interrupt_requested()) return interrupted_error();
  auto readiness = [](const Result<bool>& readable) -> Result<Readiness> {
    if (!readable) return readable.error();
    return *readable ? Readiness::readable : Readiness::timed_out;
  };
  if (timeout && timeout->count() == 0) return readiness(poll_now(socket_of(handle_)));
  const auto deadline = timeout ? clock::now() + *timeout : clock::time_point::max();
  const HANDLE interrupt = win32::interrupt_event();
  while (true) {
    DWORD wait_ms = WSA_INFINITE;
    if (timeout) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
      // WSA_INFINITE is UINT_MAX; stay below it and wait again if need be.
      wait_ms = static_cast<DWORD>(std::clamp<std::int64_t>(left.count(), 0, INT_MAX));
    }
    Result<bool> ready = false;
    if (interrupt != nullptr) {
      ready = wait_with_interrupt(socket_of(handle_), interrupt, wait_ms);
    } else {
      fd_set readable;
      FD_ZERO(&readable);
      FD_SET(socket_of(handle_), &readable);
      timeval limit{static_cast<long>(wait_ms / 1000), static_cast<long>(wait_ms % 1000) * 1000};
      const int count = select(0, &readable, nullptr, nullptr, timeout ? &limit : nullptr);
      if (count == SOCKET_ERROR) return win32::last_winsock_error("waiting for a datagram failed");
      ready = count > 0;
    }
    if (sys::interrupt_requested()) return interrupted_error();
    if (!ready || *ready) return readiness(ready);
    if (timeout && clock::now() >= deadline) return Readiness::timed_out;
  }
}

Result<UdpSocket::Ready> UdpSocket::wait_readable_or_input(
    std::optional<std::chrono::milliseconds> timeout) {
  using clock = std::chrono::steady_clock;
  const auto deadline = timeout ? clock::now() + *timeout : clock::time_point::max();
  const SOCKET socket = socket_of(handle_);
  while (true) {
    if (sys::interrupt_requested()) return interrupted_error();
    // A console or pipe is read ahead on a helper thread; its event says when
    // the bytes are there. nullptr: the input does not block (a file, NUL,
    // bytes already read, its end).
    const HANDLE input = win32::standard_input_ready();
    const HANDLE interrupt = win32::interrupt_event();
    if (input == nullptr || interrupt == nullptr) {
      auto readable = poll_now(socket);
      if (!readable) return readable.error();
      if (input == nullptr || *readable) return Ready{*readable, input == nullptr};
      if (timeout && clock::now() >= deadline) return Ready{};
      Sleep(1);  // no interrupt event to wait on (not installed): poll
      continue;
    }
    DWORD wait_ms = WSA_INFINITE;
    if (timeout) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
      wait_ms = static_cast<DWORD>(std::clamp<std::int64_t>(left.count(), 0, INT_MAX));
    }
    auto woke = wait_with_interrupt(socket, interrupt, wait_ms, input);
    if (!woke) return woke.error();
    if (sys::interrupt_requested()) return interrupted_error();
    Ready got{*woke, WaitForSingleObject(input, 0) == WAIT_OBJECT_0};
    if (!got.datagram) {
      auto readable = poll_now(socket);
      if (!readable) return readable.error();
      got.datagram = *readable;
    }
    if (got.datagram || got.input) return got;
    if (timeout && clock::now() >= deadline) return got;
  }
}

}  // namespace dgram::net

namespace dgram::net {

Status UdpSocket::wait_any_readable(std::span<UdpSocket* const> sockets,
                                    std::optional<std::chrono::milliseconds> timeout,
                                    std::vector<std::size_t>& readable) {
  using clock = std::chrono::steady_clock;
  // WSAPoll cannot wait on the interrupt event too: it waits in slices this
  // long and checks for an interrupt between them.
  constexpr std::int64_t slice_ms = 50;
  readable.clear();
  const auto deadline = timeout ? clock::now() + *timeout : clock::time_point::max();
  std::vector<WSAPOLLFD> fds;
  fds.reserve(sockets.size());
  for (const UdpSocket* socket : sockets) {
    fds.push_back({socket_of(socket->handle_), POLLRDNORM, 0});
  }
  while (true) {
    if (sys::interrupt_requested()) return interrupted_error();
    std::int64_t wait_ms = slice_ms;
    if (timeout) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
      wait_ms = std::clamp<std::int64_t>(left.count(), 0, slice_ms);
    }
    const int ready =
        WSAPoll(fds.data(), static_cast<ULONG>(fds.size()), static_cast<INT>(wait_ms));
    if (ready == SOCKET_ERROR) return win32::last_winsock_error("waiting for a datagram failed");
    if (sys::interrupt_requested()) return interrupted_error();
    for (std::size_t i = 0; i < sockets.size(); ++i) {
      if ((fds[i].revents & POLLRDNORM) != 0) {
        readable.push_back(i);
      } else if (fds[i].revents != 0) {
        // An error and no datagram (an ICMP error on a connected socket,
        // under Wine even with SIO_UDP_CONNRESET off): a read would wait
        // for a datagram instead of reporting it, and WSAPoll would report
        // it again at once. Taken here (SO_ERROR clears it).
        int pending = 0;
        int length = sizeof pending;
        getsockopt(fds[i].fd, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&pending), &length);
      }
    }
    if (!readable.empty()) return {};
    if (timeout && clock::now() >= deadline) return {};
  }
}

}  // namespace dgram::net
