// SIGTERM (what service managers and `kill` send) ends a listener like Ctrl+C:
// summary on stderr, exit 130. POSIX builds only: Windows has no SIGTERM.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(Sigterm, ListenerPrintsSummaryAndExits130) {
  // The shell starts the listener, waits (at most 60 s) for its start line,
  // sends SIGTERM and reports the exit status the listener gave.
  const std::string script = fmt::format(
      R"(err=$(mktemp); "{}" listen 0 -t 20s 2>"$err" & pid=$!
i=0; until grep -q 'listening on' "$err" || [ $i -ge 1200 ]; do sleep 0.05; i=$((i+1)); done
kill -TERM $pid; wait $pid; echo "exit $?"; cat "$err" >&2; rm -f "$err")",
      dgram_executable());
  Process shell = Process::start("/bin/sh", {"-c", script});
  const ProcessResult result = shell.wait(90s);
  EXPECT_EQ(result.out, "exit 130\n") << result.err;
  EXPECT_NE(result.err.find("dgram: received 0 datagrams"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace dgram::test
