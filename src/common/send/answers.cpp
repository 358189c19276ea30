#include "common/send/answers.hpp"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "common/deadline.hpp"
#include "common/endpoint.hpp"
#include "common/limits.hpp"
#include "common/multicast_group.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"
#include "common/system.hpp"
#include "common/wait.hpp"

namespace dgram {

Answers::Answers(Sender& sender, const SendOptions& options)
    : sender_(&sender), options_(&options), out_(stdout), buffer_(max_datagram_size) {}

Status Answers::await_reply() {
  const auto deadline = Clock::now() + options_->reply_timeout;
  while (true) {
    auto ready = net::wait_readable(sender_->socket(), milliseconds_left(deadline));
    if (!ready) return ready.take_error();
    if (*ready == net::Readiness::timed_out) break;
    const std::uint64_t before = printed_;
    if (auto taken = take(); !taken) return taken;
    if (printed_ > before && !options_->all_replies) return {};
  }
  if (printed_ > 0) return {};
  if (options_->all_replies) return no_answer_from_any_host();
  return Error{ErrorKind::timed_out,
               fmt::format("no reply from {} within {} ms (--timeout)",
                           endpoint_text(sender_->destination()), options_->reply_timeout.count())};
}

Status Answers::until_input() {
  while (true) {
    net::UdpSocket* const sockets[] = {&sender_->socket()};
    net::WaitResult ready;
    if (auto waited =
            net::wait(sockets, /*watch_input=*/true, /*watch_output=*/false, std::nullopt, ready);
        !waited) {
      return waited;
    }
    // Both ready: one answer, then the line, so neither side starves.
    if (!ready.readable.empty()) {
      if (auto taken = take(); !taken) return taken;
    }
    if (ready.input) return {};
  }
}

Status Answers::linger() {
  const auto deadline = Clock::now() + options_->reply_timeout;
  // A person who pressed Ctrl+D would otherwise wait on a silent program.
  if (sys::is_terminal(stderr)) {
    const auto wait = options_->reply_timeout;
    print_diagnostic(stderr,
                     "dgram: end of input; waiting {} for late answers (--timeout), Ctrl+C ends\n",
                     wait.count() % 1000 == 0 ? fmt::format("{} s", wait.count() / 1000)
                                              : fmt::format("{} ms", wait.count()));
  }
  while (true) {
    auto ready = net::wait_readable(sender_->socket(), milliseconds_left(deadline));
    if (!ready) return ready.take_error();
    if (*ready == net::Readiness::timed_out) return {};
    if (auto taken = take(); !taken) return taken;
  }
}

Status Answers::take() {
  auto received = sender_->socket().receive_from(buffer_);
  if (!received) {
    Error error = received.take_error();
    if (error.kind == ErrorKind::would_block) return {};
    if (error.kind == ErrorKind::connection_refused) {
      // Only a connected socket's refusal is the destination's; an
      // unconnected one (broadcast, --all-replies) hears every host's.
      if (!sender_->connected()) {
        refused_ = true;
        return {};
      }
      sender_->report().refused();
      error.message = sender_->nothing_listening();
    }
    return error;
  }
  // A connected socket may still hold a datagram that came from elsewhere
  // before connect(); only the destination answers.
  if (sender_->connected() && unmap(received->from) != unmap(sender_->destination())) {
    return {};
  }
  Record record;
  record.from = unmap(received->from);
  record.size = received->size;
  record.shown = std::span(buffer_).first(std::min(received->size, options_->max_size));
  record.time = WallClock::now();
  if (record.shown.size() < record.size && oversize_.allow()) {
    print_diagnostic(stderr,
                     "dgram: warning: reply from {} is {} bytes, over --max-size {}; showing "
                     "the first {}\n",
                     endpoint_text(record.from), record.size, options_->max_size,
                     record.shown.size());
  }
  out_.add(record, options_->reply_style);
  ++printed_;
  sender_->report().replied();
  return out_.flush();
}

Error Answers::no_answer_from_any_host() const {
  std::string message = fmt::format("no answer from any host within {} ms (--timeout)",
                                    options_->reply_timeout.count());
  const net::Endpoint& asked = sender_->destination();
  // A broadcast or a group is many hosts at one address: nothing to add.
  if (!options_->broadcast && !is_multicast(asked)) {
    fmt::format_to(std::back_inserter(message), "; only {} was asked{}", endpoint_text(asked),
                   refused_ ? ", and it refused (nothing listens there)" : "");
    if (sender_->left_out_addresses()) {
      const bool v6 = asked.family == net::Family::ipv6;
      fmt::format_to(std::back_inserter(message),
                     ", the first of {}'s addresses; add {} to ask its {} address instead",
                     options_->host, v6 ? "-4" : "-6", v6 ? "IPv4" : "IPv6");
    }
  }
  return Error{ErrorKind::timed_out, std::move(message)};
}

}  // namespace dgram
