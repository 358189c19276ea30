// `listen --talk`: the lines typed on standard input go, each as one
// datagram, to the sender heard most recently (nc -u -l's habit).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "common/line_splitter.hpp"
#include "common/net.hpp"
#include "common/records/warning_limiter.hpp"
#include "common/result.hpp"

namespace dgram {

// Who typed lines go to: pure bookkeeping, apart from the socket.
class TalkPeer {
 public:
  // An accepted datagram came from `from` (as the socket gave it); true when
  // that changes who is answered.
  bool heard(const net::Endpoint& from);

  // Nothing until someone has spoken: a line is never queued for later.
  const std::optional<net::Endpoint>& current() const { return current_; }

 private:
  std::optional<net::Endpoint> current_;
};

class TalkBack {
 public:
  TalkBack(net::UdpSocket& socket, std::FILE* log);

  // An accepted datagram came from `from`: notes on `log` when that changes
  // who is answered (a few notes a second at most: senders choose it).
  void heard(const net::Endpoint& from);

  // UdpSocket::wait_readable, sending the lines typed meanwhile. Once the
  // input has ended, only the socket is waited on: the listener goes on.
  Result<net::UdpSocket::Readiness> wait(std::optional<std::chrono::milliseconds> timeout);

  // For the summary: ", 2 typed lines sent (last to 127.0.0.1:5000), 1 refused".
  std::string summary() const;

  // Reports the notes held back, before the summary.
  void finish() { notes_.finish(); }

 private:
  Status read_input();
  void send_line(std::string_view line);

  net::UdpSocket* socket_;
  std::FILE* log_;
  TalkPeer peer_;
  LineSplitter splitter_;
  bool input_ended_ = false;
  std::uint64_t lines_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t refused_ = 0;
  std::optional<net::Endpoint> last_sent_to_;
  WarningLimiter notes_;
};

}  // namespace dgram
