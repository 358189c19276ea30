// Opening the socket `dgram listen` reads from: address family, dual-stack,
// port sharing, ICMP immunity, receive buffer, multicast groups.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "common/listen/listen.hpp"
#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {

struct ListenerSocket {
  net::UdpSocket socket;
  net::Endpoint local;                        // where it is bound (the real port)
  bool dual_stack = false;                    // an IPv6 wildcard that also hears IPv4
  std::optional<std::size_t> granted_rcvbuf;  // --rcvbuf: what the OS gave
};

// The receive buffer a `--forward` relay asks for without --rcvbuf: 4 MiB.
inline constexpr std::size_t relay_receive_buffer = 4 * 1024 * 1024;

// By default dual-stack [::], falling back to 0.0.0.0 where IPv6 is absent;
// IPv4 or IPv6 to suit the --join groups. Checks --max-size against the
// family that was bound.
Result<ListenerSocket> open_listener(const ListenOptions& options);

// How many datagrams the next receive_batch may take: a batch, and with
// --count never more than it still allows after `so_far`.
std::size_t batch_wanted(const ListenOptions& options, std::uint64_t so_far);

// The start lines on `log`: where it listens (which tells scripts and tests
// that datagrams may come), the groups joined, a receive buffer the OS sized
// otherwise than asked.
void announce_listener(std::FILE* log, const ListenerSocket& listener,
                       const ListenOptions& options);

}  // namespace dgram
