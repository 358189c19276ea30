#include "common/listen/exec_counts.hpp"

#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "common/records/human_units.hpp"

namespace dgram {
namespace {

std::uint64_t succeeded(const ExecCounts& exec) {
  return exec.run - exec.failed - exec.timed_out - exec.stopped;
}

}  // namespace

std::string exec_summary_line(const ExecCounts& exec) {
  std::string line =
      fmt::format("\ndgram: ran {}: {} ok, {} failed", counted(exec.run, "handler", "handlers"),
                  succeeded(exec), exec.failed);
  if (exec.not_found > 0)
    fmt::format_to(std::back_inserter(line), " ({} not found)", exec.not_found);
  fmt::format_to(std::back_inserter(line), ", {} timed out", exec.timed_out);
  if (exec.stopped > 0) fmt::format_to(std::back_inserter(line), ", {} stopped", exec.stopped);
  if (exec.not_started > 0) {
    fmt::format_to(std::back_inserter(line), ", {} could not start the shell", exec.not_started);
  }
  fmt::format_to(std::back_inserter(line), "; {} dropped (queue full)", exec.dropped);
  if (exec.never_ran > 0) {
    fmt::format_to(std::back_inserter(line), ", {} still queued at the end", exec.never_ran);
  }
  fmt::format_to(std::back_inserter(line), "; {} sent ({})",
                 counted(exec.replies, "reply", "replies"),
                 counted(exec.reply_bytes, "byte", "bytes"));
  if (exec.replies_too_big > 0) {
    fmt::format_to(std::back_inserter(line), ", {} too big to send", exec.replies_too_big);
  }
  if (exec.replies_not_sent > 0) {
    fmt::format_to(std::back_inserter(line), ", {} not sent", exec.replies_not_sent);
  }
  if (exec.error_lines_dropped > 0) {
    fmt::format_to(std::back_inserter(line), "; {} of their stderr dropped",
                   counted(exec.error_lines_dropped, "line", "lines"));
  }
  return line;
}

void add_exec_fields(JsonLine& line, const ExecCounts& exec) {
  line.number("handlers_run", exec.run)
      .number("handlers_ok", succeeded(exec))
      .number("handlers_failed", exec.failed)
      .number("handlers_not_found", exec.not_found)
      .number("handlers_timed_out", exec.timed_out)
      .number("handlers_not_started", exec.not_started)
      .number("handlers_stopped", exec.stopped)
      .number("handlers_dropped", exec.dropped)
      .number("handlers_never_ran", exec.never_ran)
      .number("replies", exec.replies)
      .number("reply_bytes", exec.reply_bytes)
      .number("replies_too_big", exec.replies_too_big)
      .number("replies_not_sent", exec.replies_not_sent)
      .number("handler_stderr_lines_dropped", exec.error_lines_dropped);
}

void add_exec_status(StatusText& text, const ExecCounts& exec) {
  auto problem = [](std::uint64_t count, int importance) { return count > 0 ? importance : 2; };
  text.add(fmt::format("{} handlers run", grouped(exec.run)), 5,
           fmt::format("{} run", grouped(exec.run)))
      .add(fmt::format("{} failed", grouped(exec.failed)), problem(exec.failed, 8))
      .add(fmt::format("{} timed out", grouped(exec.timed_out)), problem(exec.timed_out, 8))
      .add(fmt::format("{} dropped by --exec-queue", grouped(exec.dropped)),
           problem(exec.dropped, 9), fmt::format("{} queue-dropped", grouped(exec.dropped)));
}

}  // namespace dgram
