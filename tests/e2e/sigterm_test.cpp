// A signal ends dgram the way shells expect: the summary on stderr, then
// death by that very signal (SIGTERM from `kill` and service managers,
// SIGINT from Ctrl+C), which a shell reports as 128+N and bash takes as the
// end of a loop. POSIX builds only: Windows has no signals to end by (130).
#include <signal.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(Sigterm, ListenerPrintsSummaryThenEndsBySigterm) {
  // The shell starts the listener, waits (at most 60 s) for its start line,
  // sends SIGTERM and reports the status it saw and the signal's name.
  const std::string script = fmt::format(
      R"sh(err=$(mktemp); "{}" listen 0 -t 20s 2>"$err" & pid=$!
i=0; until grep -q 'listening on' "$err" || [ $i -ge 1200 ]; do sleep 0.05; i=$((i+1)); done
kill -TERM $pid; wait $pid; status=$?; echo "exit $status $(kill -l $status)"
cat "$err" >&2; rm -f "$err")sh",
      dgram_executable());
  Process shell = Process::start("/bin/sh", {"-c", script});
  const ProcessResult result = shell.wait(90s);
  EXPECT_EQ(result.out, "exit 143 TERM\n") << result.err;
  EXPECT_NE(result.err.find("dgram: received 0 datagrams"), std::string::npos) << result.err;
}

// `for i in 1 2 3; do dgram listen ...; done` and one Ctrl+C: the terminal
// sends SIGINT to the whole foreground process group (bash and dgram), and
// bash ends the loop only when its child died of SIGINT. Without that the
// second listener starts (and, bounded by -t, the loop runs to its end).
TEST(Interrupt, CtrlCEndsABashLoopAfterTheSummary) {
  const std::string loop = fmt::format(
      R"sh(echo "group $$" >&2
for i in 1 2 3; do "{}" listen 0 -4 -b 127.0.0.1 -n 1 -t 20s --summary json; echo "next $?"; done
echo "loop ended $?")sh",
      dgram_executable());
  // setsid: a process group of its own, as a terminal's foreground job has.
  Process shell = Process::start("setsid", {"bash", "-c", loop});
  ASSERT_TRUE(shell.wait_for_stderr("listening on", 60s)) << shell.stderr_text();
  std::smatch group;
  const std::string err = shell.stderr_text();
  ASSERT_TRUE(std::regex_search(err, group, std::regex("group ([0-9]+)"))) << err;
  const pid_t process_group = std::stoi(group[1].str());
  ASSERT_GT(process_group, 1);
  ASSERT_EQ(::kill(-process_group, SIGINT), 0);
  const ProcessResult result = shell.wait(90s);
  // bash itself ended by SIGINT (an outer shell says 130), before "next".
  EXPECT_EQ(result.signal, SIGINT) << "exit " << result.exit_code << "\n" << result.out;
  EXPECT_EQ(result.exit_code, 130);
  EXPECT_EQ(result.out, "") << "the loop went on";
  EXPECT_EQ(lines_of(result.err).size(), 3u) << result.err;  // group, start line, summary
  // The summary was written whole before the signal ended dgram.
  EXPECT_NE(result.err.find(R"("exit_code":130)"), std::string::npos) << result.err;
  EXPECT_TRUE(result.err.ends_with("}\n")) << result.err;
}

}  // namespace
}  // namespace dgram::test
