// What `dgram send` prints of the datagrams that come back: one --reply,
// every answer until --timeout (--all-replies), or answers as they come while
// a person types (--talk). Each in --format, at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "common/records/output.hpp"
#include "common/records/warning_limiter.hpp"
#include "common/result.hpp"
#include "common/send/send.hpp"
#include "common/send/sender.hpp"

namespace dgram {

class Answers {
 public:
  Answers(Sender& sender, const SendOptions& options);
  ~Answers() { oversize_.finish(); }
  Answers(const Answers&) = delete;
  Answers& operator=(const Answers&) = delete;

  // --reply: the first answer; --all-replies: every answer until --timeout.
  // ErrorKind::timed_out when none came.
  Status await_reply();

  // --talk: prints answers until standard input has bytes (or its end) to
  // read.
  Status until_input();

  // --talk, once the input has ended: answers for --timeout more. None is no
  // error: a conversation may end without a last word.
  Status linger();

 private:
  using Clock = std::chrono::steady_clock;

  // Reads the datagram waiting and prints it when it is an answer.
  Status take();
  // --all-replies heard nothing: the one address it asked, so a user whose
  // HOST has others knows which to try.
  Error no_answer_from_any_host() const;

  Sender* sender_;
  const SendOptions* options_;
  Output out_;
  std::vector<std::byte> buffer_;
  std::uint64_t printed_ = 0;
  bool refused_ = false;  // an ICMP port unreachable came to the unconnected socket
  // Many hosts, or one chatty peer, may answer: their warnings are bounded.
  WarningLimiter oversize_{stderr, "oversize replies"};
};

}  // namespace dgram
