// The platform interface for sockets. src/posix/ (BSD sockets) and src/win32/
// (Winsock) each implement all of it; CMake compiles exactly one. No OS type
// appears here: endpoints are plain bytes and socket handles are opaque.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace dgram::net {

enum class Family { ipv4, ipv6 };

// What `-4` / `-6` ask of name resolution and binding.
enum class FamilyPreference { any, ipv4_only, ipv6_only };

// An IP address and port, free of OS types so that common code can print and
// compare it. IPv4 addresses use the first 4 bytes of `address`.
struct Endpoint {
  Family family = Family::ipv4;
  std::array<std::uint8_t, 16> address{};  // network byte order
  std::uint16_t port = 0;
  std::uint32_t scope_id = 0;  // IPv6 link-local interface index

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// Holds the OS socket library for the program's lifetime: WSAStartup 2.2 and
// WSACleanup on Windows, nothing on POSIX.
class Runtime {
 public:
  static Result<Runtime> start();

  Runtime(Runtime&& other) noexcept;
  Runtime& operator=(Runtime&& other) noexcept;
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;
  ~Runtime();

 private:
  Runtime() = default;
  bool started_ = false;
};

// Resolves `host` (a name, an IPv4 literal or an IPv6 literal without brackets)
// to UDP endpoints with `port`, in the resolver's order of preference.
// `passive` asks for addresses to bind to rather than to send to.
Result<std::vector<Endpoint>> resolve(const std::string& host, std::uint16_t port,
                                      FamilyPreference preference, bool passive);

// The numeric text of an endpoint's address: "127.0.0.1", "::1", "fe80::1%2".
std::string address_text(const Endpoint& endpoint);

// A numeric IPv4 or IPv6 address, IPv6 with an optional scope
// ("fe80::1%eth0"); never asks DNS. Nothing when `text` is not one.
std::optional<Endpoint> parse_address(const std::string& text);

// The index of the network interface called `name` ("eth0", "Ethernet").
// The error's advice names where this OS lists interfaces for `family`
// (the family of the address or group the interface is for).
Result<std::uint32_t> interface_index(const std::string& name, Family family);

// How a user of this OS names a network interface, for examples in
// messages: "eth0" on POSIX, "Ethernet" on Windows.
const char* interface_name_example();

struct MulticastGroup {
  Endpoint group;
  std::uint32_t interface_index = 0;          // 0: the OS picks the interface
  std::optional<Endpoint> interface_address;  // IPv4 groups: the interface with this address
};

struct Received {
  std::size_t size = 0;  // the datagram's true size
  Endpoint from;
  // The address it was sent to (port 0: the listener's), where
  // enable_destination_address asked the OS for it; IPv4-mapped on a
  // dual-stack socket as `from` is.
  std::optional<Endpoint> to;
};

// How many datagrams a batch holds: what listen asks receive_batch for, and
// the most send_batch and send_copies hand the OS in one system call
// (sendmmsg). More saves little: the system call is already shared 64 ways.
inline constexpr std::size_t batch_most = 64;

// One datagram from UdpSocket::receive_batch.
struct ReceivedDatagram {
  // All of its bytes (the socket reads into buffers that hold the largest
  // datagram), in memory of the socket's until its next receive_batch.
  std::span<const std::byte> bytes;
  Received received;
};

// Datagrams the OS dropped for a socket because its receive buffer was full.
struct KernelDrops {
  std::uint64_t count = 0;
  // The OS counted a coalesced group of datagrams (see receive_batch) as one
  // drop, so `count` is a lower bound: more datagrams may have been lost.
  bool at_least = false;
};

struct WaitResult;  // wait.hpp
class UdpSocket;
// wait.hpp: the one wait over sockets, standard input, stdout and the interrupt.
Status wait(std::span<UdpSocket* const> sockets, bool watch_input, bool watch_output,
            std::optional<std::chrono::steady_clock::time_point> deadline, WaitResult& result);

// Whether a send may wait for room in the OS's queues. `send` waits (POSIX:
// ENOBUFS is retried for up to 5 s); the receive side never does, because
// while it waits its own receive buffer overflows: what cannot go at once
// fails with would_block (or the OS's no-buffer error) and is counted.
enum class SendMode { may_wait, now_or_never };

// A UDP socket: socket I/O only (waiting is wait.hpp's). Every call reports
// failure as an Error, never by exception.
class UdpSocket {
 public:
  static Result<UdpSocket> open(Family family);

  UdpSocket(UdpSocket&& other) noexcept;
  UdpSocket& operator=(UdpSocket&& other) noexcept;
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  ~UdpSocket();

  Family family() const { return family_; }

  // IPv6 sockets only: accept IPv4 too (clears IPV6_V6ONLY) or refuse it.
  Status set_ipv6_only(bool ipv6_only);

  // Makes a listening socket survive ICMP errors caused by its own sends
  // (Windows: disables SIO_UDP_CONNRESET and SIO_UDP_NETRESET). On a
  // connected socket (call it after connect) each ICMP error still fails
  // one read on POSIX (Linux: no longer queued with IP_RECVERR).
  Status ignore_icmp_errors();

  // Allows sending to broadcast addresses (SO_BROADCAST).
  Status set_broadcast(bool enabled);

  // The unicast TTL / hop limit and the multicast one, both.
  Status set_hop_limit(int hops);

  // Whether this host's own listeners hear the multicast datagrams it sends.
  Status set_multicast_loop(bool enabled);

  // Receives datagrams sent to `group` from now on.
  Status join(const MulticastGroup& group);

  // Asks for a receive buffer of `bytes` (SO_RCVBUF); returns the size the OS
  // granted, in the same units as asked.
  Result<std::size_t> set_receive_buffer(std::size_t bytes);

  // Asks the OS to count datagrams it dropped for this socket because its
  // buffer was full (Linux: SO_MEMINFO, read when asked; before 4.12
  // SO_RXQ_OVFL, which comes with the next datagram read). False where the
  // OS cannot tell; then kernel_drops() stays 0.
  bool enable_kernel_drop_count();
  KernelDrops kernel_drops() const;

  // Lets the OS hand receive_batch many datagrams in one read where it can
  // (Linux: UDP GRO; receive_batch splits them again, so callers still see
  // one datagram at a time). From then on the socket is read with
  // receive_batch only. False where the OS cannot.
  bool enable_coalesced_receive();

  // Asks the OS to tell, with each datagram, the address it was sent to
  // (IP_PKTINFO, IPV6_RECVPKTINFO): a socket bound to a wildcard address
  // does not know it otherwise. Only a capture wants it: it costs a control
  // message per read. False where the OS cannot.
  bool enable_destination_address();

  // Whether other sockets may bind the same port. Off: Windows takes the port
  // with SO_EXCLUSIVEADDRUSE so that no other process can bind it and steal
  // datagrams; POSIX ports are exclusive by default. On: SO_REUSEADDR.
  Status set_port_sharing(bool shared);

  Status bind(const Endpoint& local);
  Result<Endpoint> local_endpoint() const;

  // Fixes the peer: send() goes there, and an ICMP port unreachable for an
  // earlier datagram makes a later call fail with connection_refused.
  Status connect(const Endpoint& peer);

  // On a connected socket: whether an ICMP port unreachable has come back for
  // a datagram sent earlier (nothing listens on the peer). Takes that error,
  // never a datagram waiting to be read.
  bool refused_by_peer();

  // Sends one whole datagram, to `to` or to the connected peer; a partial
  // send is an error.
  Status send_to(std::span<const std::byte> payload, const Endpoint& to,
                 SendMode mode = SendMode::may_wait);
  Status send(std::span<const std::byte> payload, SendMode mode = SendMode::may_wait);

  // Sends `datagrams` in order on a connected socket, in as few system calls
  // as the OS allows (Linux: sendmmsg); each one whole, or an error. `sent`
  // is how many went out, also when an error stopped the batch part-way.
  Status send_batch(std::span<const std::span<const std::byte>> datagrams, std::size_t& sent);

  // The receive side's batch: sends `datagrams` in order, each whole, never
  // waiting (SendMode::now_or_never), to `to`, or with none to the connected
  // peer, in as few system calls as the OS allows (Linux: sendmmsg; Windows
  // one at a time). `sent` is how many went out; an error is that of the
  // datagram after them, and those after it were not tried.
  Status send_batch_now(std::span<const std::span<const std::byte>> datagrams, const Endpoint* to,
                        std::size_t& sent);

  // Sends copies of one datagram on a connected socket: at most `most`, as
  // many as one system call carries. Returns how many went out (at least one
  // when `most` is). Linux hands the kernel many copies per message with UDP
  // segmentation offload (UDP_SEGMENT) where the path allows it, and falls
  // back to send_batch where not; Windows sends one at a time.
  Result<std::uint64_t> send_copies(std::span<const std::byte> datagram, std::uint64_t most);

  // Hands over datagrams already waiting, at most `datagrams.size()`, in
  // arrival order, in as few system calls as the OS allows (Linux: recvmmsg,
  // and none while datagrams of an earlier read are left over); call it when
  // net::wait said a datagram is there. Returns how many it filled. What
  // one read brought beyond `datagrams.size()` comes with the next call.
  Result<std::size_t> receive_batch(std::span<ReceivedDatagram> datagrams);
  // Whether datagrams of an earlier read are left over: the next
  // receive_batch hands them over without a system call or a wait.
  bool has_read_ahead() const;

  // Reads one datagram into `buffer`, which must hold max_datagram_size bytes
  // (limits.hpp; asserted): then the OS never cuts a datagram and
  // `Received::size` is its true size on every platform. Not after
  // enable_coalesced_receive.
  Result<Received> receive_from(std::span<std::byte> buffer);

  // What only one OS tracks for a socket (offload, drop counts, datagrams
  // left over from a read): opaque here, defined by the platform layer.
  struct OsState;

 private:
  friend Status wait(std::span<UdpSocket* const> sockets, bool watch_input, bool watch_output,
                     std::optional<std::chrono::steady_clock::time_point> deadline,
                     WaitResult& result);

  // Both OSes' "no socket" (-1, and INVALID_SOCKET = ~0) as an intptr_t.
  static constexpr std::intptr_t no_socket = -1;

  struct OsStateDeleter {
    void operator()(OsState* state) const noexcept;  // platform code
  };
  using OsStatePointer = std::unique_ptr<OsState, OsStateDeleter>;

  UdpSocket(std::intptr_t handle, Family family, OsStatePointer os)
      : handle_(handle), family_(family), os_(std::move(os)) {}
  void close();  // platform code; a no-op on no_socket

  std::intptr_t handle_;
  Family family_;
  OsStatePointer os_;
};

}  // namespace dgram::net
