// The one way dgram waits, on every OS: for any of a set of sockets to be
// readable, for standard input (where a mode reads it), for the reader of
// stdout to go away, for the user's interrupt, until a deadline. Implemented
// in src/posix/wait_posix.cpp (poll) and src/win32/wait_win32.cpp (events).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram::net {

struct WaitResult {
  // Indexes into `sockets`, in order, of those a read will not block on: a
  // datagram is there (datagrams left over from an earlier receive_batch
  // count), or an error the next read reports.
  std::vector<std::size_t> readable;
  // Indexes of sockets whose pending ICMP error the wait itself had to take
  // (Windows: the error would keep the socket signalled while a read still
  // waits for a datagram). The caller counts them; POSIX leaves them to reads.
  std::vector<std::size_t> refused;
  bool input = false;          // sys::read_stdin_some will not block (bytes, end or error)
  bool output_closed = false;  // the reader of stdout has gone (POSIX: a pipe's reader closed)

  bool woke() const { return !readable.empty() || !refused.empty() || input || output_closed; }
};

// Waits until something of the above is ready or `deadline` passes (nothing
// ready: the time passed; no deadline: for ever; a deadline already passed:
// looks once without waiting). ErrorKind::interrupted once the user
// interrupts the program. `result` is overwritten.
//   Status wait(std::span<UdpSocket* const> sockets, bool watch_input,
//               bool watch_output,
//               std::optional<std::chrono::steady_clock::time_point> deadline,
//               WaitResult& result);
// (declared in net.hpp, where UdpSocket befriends it)

enum class Readiness { readable, timed_out };

// net::wait for one socket, for at most `timeout` (none: for ever).
Result<Readiness> wait_readable(UdpSocket& socket,
                                std::optional<std::chrono::milliseconds> timeout);

// A relative timeout as wait's deadline.
std::optional<std::chrono::steady_clock::time_point> deadline_after(
    std::optional<std::chrono::milliseconds> timeout);

}  // namespace dgram::net
