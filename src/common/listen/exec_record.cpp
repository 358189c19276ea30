#include "common/listen/exec_record.hpp"

#include <iterator>

#include <fmt/format.h>

namespace dgram {
namespace {

using sys::HandlerEnd;

std::string_view result_name(const sys::HandlerResult& result) {
  switch (result.end) {
    case HandlerEnd::exited:
      if (result.code == 0) return "ok";
      return sys::means_not_found(result) ? "not found" : "failed";
    case HandlerEnd::signalled:
      return "signal";
    case HandlerEnd::timed_out:
      return "timed out";
    case HandlerEnd::stopped:
      return "stopped";
    case HandlerEnd::not_started:
      return "not started";
  }
  return "failed";
}

std::string marker(const sys::HandlerResult& result, std::chrono::milliseconds timeout) {
  switch (result.end) {
    case HandlerEnd::exited:
      if (result.code == 0) return {};
      if (sys::means_not_found(result)) return fmt::format("not found: exit {}", result.code);
      return fmt::format("exit {}", result.code);
    case HandlerEnd::signalled:
      return fmt::format("killed by signal {}", result.code);
    case HandlerEnd::timed_out:
      return fmt::format("timed out after {} ms", timeout.count());
    case HandlerEnd::stopped:
      return "stopped";
    case HandlerEnd::not_started:
      return "not started";
  }
  return {};
}

}  // namespace

ExecNote ended_note(const sys::HandlerResult& result, std::string_view reply_problem,
                    std::chrono::milliseconds timeout) {
  ExecNote note;
  note.text = marker(result, timeout);
  if (!reply_problem.empty()) {
    if (!note.text.empty()) note.text += ", ";
    note.text += fmt::format(
        "reply {}", reply_problem == "too big" ? "too big, not sent" : std::string(reply_problem));
  }
  const bool exited = result.end == HandlerEnd::exited;
  const bool sent = exited && reply_problem.empty() && !result.output.empty();
  auto number_or_null = [](bool known, long long value) {
    return known ? std::to_string(value) : std::string("null");
  };
  note.json = fmt::format(
      R"(,"exec":{{"result":"{}","exit":{},"signal":{},"seconds":{:.6f},"reply":{},)"
      R"("reply_problem":{}}})",
      result_name(result), number_or_null(exited, result.code),
      number_or_null(result.end == HandlerEnd::signalled, result.code),
      std::chrono::duration<double>(result.ran).count(),
      number_or_null(sent, static_cast<long long>(result.output.size())),
      reply_problem.empty() ? std::string("null") : fmt::format("\"{}\"", reply_problem));
  return note;
}

ExecNote dropped_note() {
  return {"dropped: every handler busy, queue full",
          R"(,"exec":{"result":"dropped","exit":null,"signal":null,"seconds":null,"reply":null,)"
          R"("reply_problem":null})"};
}

}  // namespace dgram
