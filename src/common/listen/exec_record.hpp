// What a record of `listen --exec` says about the datagram's handler: a
// marker in text and hex where it failed, an "exec" object in JSON.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/handler_process.hpp"

namespace dgram {

struct ExecNote {
  std::string text;  // "exit 3", "timed out after 10000 ms"; "" when it went well
  std::string json;  // ,"exec":{...}
};

// `reply_problem`: what kept its output from going back ("too big",
// "refused", "send failed"), or "".
ExecNote ended_note(const sys::HandlerResult& result, std::string_view reply_problem,
                    std::chrono::milliseconds timeout);

// A datagram that came while every handler was busy and the queue was full.
ExecNote dropped_note();

}  // namespace dgram
