#include "win32/winsock_headers.hpp"

#include <algorithm>
#include <cassert>
#include <memory>

#include <fmt/format.h>

#include "common/limits.hpp"
#include "common/net.hpp"
#include "common/system.hpp"
#include "sockets_shared/endpoint_sockaddr.hpp"
#include "sockets_shared/socket_options.hpp"
#include "sockets_shared/whole_send.hpp"
#include "win32/win32_error.hpp"

namespace dgram::net {
namespace {

static_assert(static_cast<std::intptr_t>(INVALID_SOCKET) == -1, "UdpSocket::no_socket");

SOCKET socket_of(std::intptr_t handle) { return static_cast<SOCKET>(handle); }

// setsockopt and getsockopt on one socket, for sockets_shared/socket_options.hpp.
struct SocketCalls {
  SOCKET socket;
  // Winsock takes a DWORD for all four hop limits.
  using HopCount = DWORD;
  using MulticastTtl = DWORD;
  bool set(int level, int name, const void* value, std::size_t size) const {
    return setsockopt(socket, level, name, static_cast<const char*>(value),
                      static_cast<int>(size)) != SOCKET_ERROR;
  }
  bool get(int level, int name, int& value) const {
    int length = sizeof value;
    return getsockopt(socket, level, name, reinterpret_cast<char*>(&value), &length) !=
           SOCKET_ERROR;
  }
  Error last_error(const std::string& context) const { return win32::last_winsock_error(context); }
};

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
  return bsd::set_option(SocketCalls{socket_of(handle_)}, IPPROTO_IPV6, IPV6_V6ONLY,
                         DWORD{ipv6_only ? 1u : 0u}, "IPV6_V6ONLY");
}

Status UdpSocket::ignore_icmp_errors() {
  // Without this, an ICMP port unreachable caused by one of our sends makes
  // the next recvfrom fail with WSAECONNRESET (WSAENETRESET for TTL expiry),
  // which kills naive listeners. Older Windows and Wine may not know
  // SIO_UDP_NETRESET (an unknown control fails with WSAEINVAL or
  // WSAEOPNOTSUPP): the receive loop counts those errors anyway.
  struct Control {
    DWORD code;
    const char* name;
    bool required;
  };
  for (const Control control :
       {Control{static_cast<DWORD>(SIO_UDP_CONNRESET), "SIO_UDP_CONNRESET", true},
        Control{static_cast<DWORD>(SIO_UDP_NETRESET), "SIO_UDP_NETRESET", false}}) {
    BOOL report = FALSE;
    DWORD returned = 0;
    if (WSAIoctl(socket_of(handle_), control.code, &report, sizeof report, nullptr, 0, &returned,
                 nullptr, nullptr) != SOCKET_ERROR) {
      continue;
    }
    const int code = WSAGetLastError();
    if (!control.required && (code == WSAEINVAL || code == WSAEOPNOTSUPP)) continue;
    return win32::winsock_error(code, fmt::format("cannot turn off {}", control.name));
  }
  return {};
}

Status UdpSocket::set_broadcast(bool enabled) {
  return bsd::set_option(SocketCalls{socket_of(handle_)}, SOL_SOCKET, SO_BROADCAST, BOOL{enabled},
                         "SO_BROADCAST");
}

Status UdpSocket::set_hop_limit(int hops) {
  return bsd::set_hop_limit(SocketCalls{socket_of(handle_)}, family_, hops);
}

Status UdpSocket::set_multicast_loop(bool enabled) {
  const int level = family_ == Family::ipv4 ? IPPROTO_IP : IPPROTO_IPV6;
  const int name = family_ == Family::ipv4 ? IP_MULTICAST_LOOP : IPV6_MULTICAST_LOOP;
  return bsd::set_option(SocketCalls{socket_of(handle_)}, level, name, DWORD{enabled},
                         "multicast loopback");
}

Status UdpSocket::join(const MulticastGroup& group) {
  const SocketCalls calls{socket_of(handle_)};
  return bsd::join_group(group, [calls](int level, int name, auto value, const char* what) {
    return bsd::set_option(calls, level, name, value, what);
  });
}

Result<std::size_t> UdpSocket::set_receive_buffer(std::size_t bytes) {
  const SocketCalls calls{socket_of(handle_)};
  return bsd::set_receive_buffer(
      bytes,
      [calls](int level, int name, auto value, const char* what) {
        return bsd::set_option(calls, level, name, value, what);
      },
      [calls](int level, int name, const char* what) {
        return bsd::get_option(calls, level, name, what);
      });
}

// Winsock keeps no count of the datagrams it drops for a full buffer.
bool UdpSocket::enable_kernel_drop_count() { return false; }
KernelDrops UdpSocket::kernel_drops() const { return {}; }

// Recent Windows can coalesce received datagrams too
// (UDP_RECV_MAX_COALESCED_SIZE), but Wine cannot, so it would go untested
// here: unused.
bool UdpSocket::enable_coalesced_receive() { return false; }

Status UdpSocket::set_port_sharing(bool shared) {
  // Without SO_EXCLUSIVEADDRUSE any process could bind the same port with
  // SO_REUSEADDR and take over the datagrams meant for this one.
  return bsd::set_option(SocketCalls{socket_of(handle_)}, SOL_SOCKET,
                         shared ? SO_REUSEADDR : SO_EXCLUSIVEADDRUSE, BOOL{TRUE},
                         shared ? "SO_REUSEADDR" : "SO_EXCLUSIVEADDRUSE");
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
  if (!bsd::from_sockaddr(reinterpret_cast<sockaddr*>(&storage), endpoint)) {
    return Error{ErrorKind::system, "the socket's local address is neither IPv4 nor IPv6"};
  }
  return endpoint;
}

// SendMode::now_or_never: Windows has no retry to skip; its UDP sends do not
// wait for queue room in practice.
Status UdpSocket::send_to(std::span<const std::byte> payload, const Endpoint& to, SendMode) {
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

Status UdpSocket::send(std::span<const std::byte> payload, SendMode) {
  const int sent = ::send(socket_of(handle_), reinterpret_cast<const char*>(payload.data()),
                          static_cast<int>(payload.size()), 0);
  if (sent == SOCKET_ERROR) return win32::last_winsock_error("send failed");
  return bsd::check_whole_send(sent, payload.size());
}

// Winsock has no sendmmsg: one send per datagram.
Status UdpSocket::send_batch(std::span<const std::span<const std::byte>> datagrams,
                             std::size_t& sent_count) {
  sent_count = 0;
  for (const auto datagram : datagrams) {
    if (auto sent = send(datagram); !sent) return sent;
    ++sent_count;
  }
  return {};
}

// Nor send offload that Wine has (Windows 10 2004+ has UDP_SEND_MSG_SIZE,
// untested here, so unused): copies go one send each, a round per call.
Result<std::uint64_t> UdpSocket::send_copies(std::span<const std::byte> datagram,
                                             std::uint64_t most) {
  const std::uint64_t count = std::min<std::uint64_t>(most, batch_most);
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
  if (!bsd::from_sockaddr(reinterpret_cast<sockaddr*>(&storage), received.from)) {
    return bsd::unrepresentable_sender();
  }
  return received;
}

}  // namespace dgram::net
