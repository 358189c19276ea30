#include "common/listen/talk_back.hpp"

#include <vector>

#include "common/limits.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/system.hpp"

namespace dgram {

bool TalkPeer::heard(const net::Endpoint& from) {
  if (current_ == from) return false;
  current_ = from;
  return true;
}

// A line can be no longer than the largest datagram (IPv6's); the family's
// own limit is checked when the line goes.
TalkBack::TalkBack(std::FILE* log)
    : log_(log), splitter_(max_ipv6_payload), notes_(log, "changes of whom typed lines go to") {}

void TalkBack::started(ReceiveSession&) {
  // A person at a terminal learns what typing does.
  if (sys::is_terminal(stdin)) {
    print_diagnostic(log_,
                     "dgram: each line you type goes to the sender heard most recently; Ctrl+C "
                     "ends\n");
  }
}

Result<bool> TalkBack::accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                                ReceiveSession&) {
  if (peer_.heard(datagram.received.from) && notes_.allow()) {
    print_diagnostic(log_, "dgram: typed lines now go to {} (heard most recently)\n",
                     endpoint_text(from));
    named_ = datagram.received.from;
  }
  return true;
}

Status TalkBack::woke(const Woke& woke, ReceiveSession& session) {
  return woke.input ? read_input(session.listener()) : Status{};
}

void TalkBack::finish(ListenStats& stats) {
  notes_.finish();
  stats.talk = counts_;
}

Status TalkBack::read_input(net::UdpSocket& socket) {
  std::vector<std::byte> buffer(64 * 1024);
  auto got = sys::read_stdin_some(buffer);
  if (!got) {
    if (got.error().kind == ErrorKind::interrupted) return got.take_error();
    print_diagnostic(log_, "dgram: warning: cannot read standard input: {}; still listening\n",
                     got.error().message);
    input_ended_ = true;
    return {};
  }
  auto send = [&](std::string_view line) {
    send_line(socket, line);
    return true;
  };
  if (*got == 0) {
    if (auto last = splitter_.rest()) send_line(socket, *last);
    input_ended_ = true;
    if (sys::is_terminal(stdin)) {
      print_diagnostic(log_, "dgram: end of input; still listening (Ctrl+C ends)\n");
    }
    return {};
  }
  if (splitter_.feed(std::span(buffer).first(*got), send) == LineSplitter::Fed::too_long) {
    ++lines_;
    not_sent();
    print_diagnostic(log_,
                     "dgram: warning: line {} is over {} bytes, more than a datagram carries; "
                     "not sent\n",
                     lines_, max_ipv6_payload);
    splitter_.skip_line();
  }
  return {};
}

void TalkBack::send_line(net::UdpSocket& socket, std::string_view line) {
  ++lines_;
  if (auto cut = typed_.warning(line, lines_)) print_diagnostic(log_, "{}", *cut);
  const auto& to = peer_.current();
  if (!to) {
    not_sent();
    print_diagnostic(log_,
                     "dgram: warning: line {} not sent: no one has spoken yet, so there is no one "
                     "to answer (lines are not kept for later)\n",
                     lines_);
    return;
  }
  const net::Endpoint shown = unmap(*to);
  if (line.size() > max_payload(shown.family)) {
    not_sent();
    print_diagnostic(log_,
                     "dgram: warning: line {} is {} bytes, over the {} a datagram to {} "
                     "carries; not sent\n",
                     lines_, line.size(), max_payload(shown.family), endpoint_text(shown));
    return;
  }
  if (named_ != *to) {
    // The notes are rate-limited; the line about to go is not sent unseen.
    print_diagnostic(log_, "dgram: typed lines now go to {} (heard most recently)\n",
                     endpoint_text(shown));
    named_ = *to;
  }
  if (auto sent = socket.send_to(std::as_bytes(std::span(line.data(), line.size())), *to,
                                 receive_side_send);
      !sent) {
    not_sent();
    print_diagnostic(log_, "dgram: warning: line {} to {} not sent: {}\n", lines_,
                     endpoint_text(shown), sent.error().message);
    return;
  }
  ++counts_.sent;
  counts_.last_sent_to = shown;
}

}  // namespace dgram
