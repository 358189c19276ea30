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
#include "win32/socket_state_win32.hpp"
#include "win32/win32_error.hpp"

namespace dgram::net {
namespace {

static_assert(static_cast<std::intptr_t>(INVALID_SOCKET) == -1, "UdpSocket::no_socket");

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

bool UdpSocket::enable_destination_address() {
  const SOCKET socket = socket_of(handle_);
  GUID id = WSAID_WSARECVMSG;
  LPFN_WSARECVMSG function = nullptr;
  DWORD returned = 0;
  if (WSAIoctl(socket, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &function,
               sizeof function, &returned, nullptr, nullptr) == SOCKET_ERROR ||
      function == nullptr) {
    return false;
  }
  const DWORD on = 1;
  const auto enable = [&](int level, int name) {
    return setsockopt(socket, level, name, reinterpret_cast<const char*>(&on), sizeof on) == 0;
  };
  // A dual-stack socket tells an IPv4 datagram's destination with IP_PKTINFO.
  const bool ipv4 = enable(IPPROTO_IP, IP_PKTINFO);
  const bool ipv6 = family_ == Family::ipv6 && enable(IPPROTO_IPV6, IPV6_PKTINFO);
  if (family_ == Family::ipv4 ? !ipv4 : !ipv6) return false;
  os_->receive_message = function;
  return true;
}

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

}  // namespace dgram::net
