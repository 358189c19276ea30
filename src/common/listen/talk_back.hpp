// `listen --talk`: the lines typed on standard input go, each as one
// datagram, to the sender heard most recently (nc -u -l's habit).
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "common/line_splitter.hpp"
#include "common/listen/receive_session.hpp"
#include "common/net.hpp"
#include "common/records/warning_limiter.hpp"
#include "common/result.hpp"
#include "common/typed_line.hpp"

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

// The --talk handler of the receive session: watches standard input and
// sends each typed line as one datagram to the sender heard most recently.
class TalkBack : public ReceiveHandler {
 public:
  explicit TalkBack(std::FILE* log);

  void started(ReceiveSession& session) override;
  bool watches_input() const override { return !input_ended_; }
  Status woke(const Woke& woke, ReceiveSession& session) override;
  // Notes on `log` when the sender changes who is answered (a few notes a
  // second at most: senders choose it).
  Result<bool> accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                        ReceiveSession& session) override;
  void finish(ListenStats& stats) override;

 private:
  Status read_input(net::UdpSocket& socket);
  void send_line(net::UdpSocket& socket, std::string_view line);
  void not_sent() { ++counts_.not_sent; }

  std::FILE* log_;
  TalkPeer peer_;
  LineSplitter splitter_;
  TypedLineCheck typed_{stdin, "pipe the text in (< FILE)"};
  bool input_ended_ = false;
  std::uint64_t lines_ = 0;
  TalkCounts counts_;
  // The target the last note named: a line never goes to another one
  // before it is named.
  std::optional<net::Endpoint> named_;
  WarningLimiter notes_;
};

}  // namespace dgram
