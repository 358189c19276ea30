// On Linux the summary says how many datagrams the kernel dropped for a full
// receive buffer (SO_RXQ_OVFL), so that received + dropped adds up to sent.
// POSIX builds only: it stops the listener with SIGSTOP through /bin/sh.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>

#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(KernelDrops, ReceivedPlusDroppedIsSent) {
#if !defined(__linux__)
  GTEST_SKIP() << "only Linux reports drops (SO_RXQ_OVFL); elsewhere the summary omits them";
#endif
  // The portable build (DGRAM_PORTABLE) runs the code other systems run:
  // no SO_RXQ_OVFL, so its summary must say nothing rather than a made-up 0.
#if defined(DGRAM_PORTABLE)
  constexpr bool counts_drops = false;
#else
  constexpr bool counts_drops = true;
#endif
  // A stopped listener with a small buffer cannot keep up with 2000
  // datagrams; one more after it resumes carries the kernel's drop count.
  const std::string script = fmt::format(
      R"sh(d="{}"; err=$(mktemp)
"$d" listen 0 -4 -q --rcvbuf 4096 -t 2s 2>"$err" & pid=$!
i=0; until grep -q 'listening on' "$err" || [ $i -ge 200 ]; do sleep 0.05; i=$((i+1)); done
port=$(sed -n 's/.*listening on 0\.0\.0\.0:\([0-9]*\).*/\1/p' "$err")
kill -STOP $pid; "$d" send 127.0.0.1 "$port" x -n 2000; kill -CONT $pid
"$d" send 127.0.0.1 "$port" last
wait $pid; echo "exit $?"; cat "$err" >&2; rm -f "$err")sh",
      dgram_executable());
  Process shell = Process::start("/bin/sh", {"-c", script});
  const ProcessResult result = shell.wait(30s);
  EXPECT_EQ(result.out, "exit 3\n") << result.err;
  if (!counts_drops) {
    EXPECT_NE(result.err.find("dgram: received "), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("dropped"), std::string::npos) << result.err;
    return;
  }
  std::smatch match;
  ASSERT_TRUE(
      std::regex_search(result.err, match,
                        std::regex(R"(received (\d+) datagrams?, .* (\d+) dropped by the kernel)")))
      << result.err;
  const long received = std::stol(match[1]);
  const long dropped = std::stol(match[2]);
  EXPECT_GT(dropped, 0) << result.err;
  EXPECT_EQ(received + dropped, 2001) << result.err;
}

}  // namespace
}  // namespace dgram::test
