#include "common/listen/talk_back.hpp"

#include <vector>

#include <fmt/format.h>

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
TalkBack::TalkBack(net::UdpSocket& socket, std::FILE* log)
    : socket_(&socket),
      log_(log),
      splitter_(max_ipv6_payload),
      notes_(log, "changes of whom typed lines go to") {
  // A person at a terminal learns what typing does.
  if (sys::is_terminal(stdin)) {
    print_diagnostic(log_,
                     "dgram: each line you type goes to the sender heard most recently; Ctrl+C "
                     "ends\n");
  }
}

void TalkBack::heard(const net::Endpoint& from) {
  if (peer_.heard(from) && notes_.allow()) {
    print_diagnostic(log_, "dgram: typed lines now go to {} (heard most recently)\n",
                     endpoint_text(unmap_ipv4(from)));
  }
}

Result<net::UdpSocket::Readiness> TalkBack::wait(std::optional<std::chrono::milliseconds> timeout) {
  using clock = std::chrono::steady_clock;
  using Readiness = net::UdpSocket::Readiness;
  const auto deadline = timeout ? clock::now() + *timeout : clock::time_point::max();
  auto left = [&]() -> std::optional<std::chrono::milliseconds> {
    if (!timeout) return std::nullopt;
    return std::max(std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now()),
                    std::chrono::milliseconds(0));
  };
  while (!input_ended_) {
    auto ready = socket_->wait_readable_or_input(left());
    if (!ready) return ready.take_error();
    if (ready->input) {
      if (auto read = read_input(); !read) return read.take_error();
    }
    if (ready->datagram) return Readiness::readable;
    if (!ready->input) return Readiness::timed_out;
  }
  return socket_->wait_readable(left());
}

Status TalkBack::read_input() {
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
    send_line(line);
    return true;
  };
  if (*got == 0) {
    if (auto last = splitter_.rest()) send_line(*last);
    input_ended_ = true;
    if (sys::is_terminal(stdin)) {
      print_diagnostic(log_, "dgram: end of input; still listening (Ctrl+C ends)\n");
    }
    return {};
  }
  if (splitter_.feed(std::span(buffer).first(*got), send) == LineSplitter::Fed::too_long) {
    ++lines_;
    ++refused_;
    print_diagnostic(log_,
                     "dgram: warning: line {} is over {} bytes, more than a datagram carries; "
                     "not sent\n",
                     lines_, max_ipv6_payload);
    splitter_.skip_line();
  }
  return {};
}

void TalkBack::send_line(std::string_view line) {
  ++lines_;
  const auto& to = peer_.current();
  if (!to) {
    ++refused_;
    print_diagnostic(log_,
                     "dgram: warning: line {} not sent: no one has spoken yet, so there is no one "
                     "to answer (lines are not kept for later)\n",
                     lines_);
    return;
  }
  const net::Endpoint shown = unmap_ipv4(*to);
  if (line.size() > max_payload(shown.family)) {
    ++refused_;
    print_diagnostic(log_,
                     "dgram: warning: line {} is {} bytes, over the {} a datagram to {} "
                     "carries; not sent\n",
                     lines_, line.size(), max_payload(shown.family), endpoint_text(shown));
    return;
  }
  if (auto sent = socket_->send_to(std::as_bytes(std::span(line.data(), line.size())), *to);
      !sent) {
    ++refused_;
    print_diagnostic(log_, "dgram: warning: line {} to {} not sent: {}\n", lines_,
                     endpoint_text(shown), sent.error().message);
    return;
  }
  ++sent_;
  last_sent_to_ = shown;
}

std::string TalkBack::summary() const {
  std::string text = fmt::format(", {} typed line{} sent", sent_, sent_ == 1 ? "" : "s");
  if (last_sent_to_) text += fmt::format(" (last to {})", endpoint_text(*last_sent_to_));
  if (refused_ > 0) text += fmt::format(", {} not sent", refused_);
  return text;
}

}  // namespace dgram
