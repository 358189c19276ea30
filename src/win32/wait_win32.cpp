// net::wait on Windows. WSAPoll cannot wait on events (the interrupt, the
// standard-input helper's), so every socket is tied to one event with
// WSAEventSelect and that event is waited on with the others; WSAPoll with
// no wait then says which sockets are ready.
#include "win32/winsock_headers.hpp"

#include <algorithm>
#include <climits>
#include <vector>

#include "common/deadline.hpp"
#include "common/system.hpp"
#include "common/wait.hpp"
#include "win32/interrupt_win32.hpp"
#include "win32/standard_input_win32.hpp"
#include "win32/win32_error.hpp"

namespace dgram::net {
namespace {

using Clock = std::chrono::steady_clock;

Error wait_failed() { return win32::last_winsock_error("waiting for a datagram failed"); }

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

DWORD wait_ms(std::optional<Clock::time_point> deadline) {
  if (!deadline) return WSA_INFINITE;
  // At most longest_wait, below WSA_INFINITE (UINT_MAX): a longer deadline waits again.
  return static_cast<DWORD>(milliseconds_left(*deadline).count());
}

// Which sockets can be read now, without waiting. A socket with an error
// and no datagram (an ICMP error on a connected socket, under Wine even
// with SIO_UDP_CONNRESET off) would keep WSAPoll reporting it while a read
// waits for a datagram: its error is taken here (SO_ERROR clears it) and
// reported as refused.
Status look(std::vector<WSAPOLLFD>& fds, WaitResult& result) {
  if (fds.empty()) return {};
  for (auto& fd : fds) fd.revents = 0;
  if (WSAPoll(fds.data(), static_cast<ULONG>(fds.size()), 0) == SOCKET_ERROR) {
    return wait_failed();
  }
  for (std::size_t i = 0; i < fds.size(); ++i) {
    if ((fds[i].revents & POLLRDNORM) != 0) {
      result.readable.push_back(i);
    } else if (fds[i].revents != 0) {
      int pending = 0;
      int length = sizeof pending;
      getsockopt(fds[i].fd, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&pending), &length);
      result.refused.push_back(i);
    }
  }
  return {};
}

// Blocks until a socket is readable, `interrupt` or `input` (either may be
// nullptr) is set, or `ms` passes. WSAEventSelect makes the sockets
// non-blocking, so they are made blocking again before returning.
Status block(const std::vector<WSAPOLLFD>& fds, HANDLE interrupt, HANDLE input, DWORD ms) {
  WSAEVENT readable = WSACreateEvent();
  if (readable == WSA_INVALID_EVENT) return wait_failed();
  Status outcome;
  std::size_t selected = 0;
  for (; selected < fds.size(); ++selected) {
    if (WSAEventSelect(fds[selected].fd, readable, FD_READ) == SOCKET_ERROR) {
      outcome = wait_failed();
      break;
    }
  }
  if (outcome) {
    // WSAWaitForMultipleEvents takes handles of any kind, as
    // WaitForMultipleObjectsEx does.
    WSAEVENT events[3] = {readable};
    DWORD count = 1;
    if (interrupt != nullptr) events[count++] = interrupt;
    if (input != nullptr) events[count++] = input;
    if (WSAWaitForMultipleEvents(count, events, FALSE, ms, FALSE) == WSA_WAIT_FAILED) {
      outcome = wait_failed();
    }
  }
  // Later sends and receives expect blocking sockets again.
  for (std::size_t i = 0; i < selected; ++i) {
    if (WSAEventSelect(fds[i].fd, nullptr, 0) == SOCKET_ERROR || !make_blocking(fds[i].fd)) {
      outcome = win32::last_winsock_error("cannot make the socket blocking again");
    }
  }
  WSACloseEvent(readable);
  return outcome;
}

}  // namespace

Status wait(std::span<UdpSocket* const> sockets, bool watch_input, bool watch_output,
            std::optional<Clock::time_point> deadline, WaitResult& result) {
  // The reader of a pipe going away shows in the next write's error
  // (output_closed); Windows has no readiness report for it.
  (void)watch_output;
  result.readable.clear();
  result.refused.clear();
  result.input = false;
  result.output_closed = false;
  std::vector<WSAPOLLFD> fds;
  fds.reserve(sockets.size());
  for (const UdpSocket* socket : sockets) {
    fds.push_back({static_cast<SOCKET>(socket->handle_), POLLRDNORM, 0});
  }
  while (true) {
    if (sys::interrupt_requested()) return interrupted_error();
    // A console or pipe is read ahead on a helper thread; its event says
    // when the bytes are there. nullptr: the input does not block (a file,
    // NUL, bytes already read, its end).
    const HANDLE input = watch_input ? win32::standard_input_ready() : nullptr;
    result.input =
        watch_input && (input == nullptr || WaitForSingleObject(input, 0) == WAIT_OBJECT_0);
    if (auto looked = look(fds, result); !looked) return looked;
    if (result.woke()) return {};
    const DWORD ms = wait_ms(deadline);
    if (ms == 0) return {};
    const HANDLE interrupt = win32::interrupt_event();
    if (fds.empty() && interrupt == nullptr && input == nullptr) {
      Sleep(std::min<DWORD>(ms, 50));  // nothing to wait on: let the time pass
      continue;
    }
    // Without an interrupt event (not installed) the wait is sliced so that
    // the flag is still seen.
    const DWORD slice = interrupt == nullptr ? std::min<DWORD>(ms, 50) : ms;
    if (auto blocked = block(fds, interrupt, input, slice); !blocked) return blocked;
  }
}

}  // namespace dgram::net
