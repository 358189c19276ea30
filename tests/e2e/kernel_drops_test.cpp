// On Linux the summary says how many datagrams the kernel dropped for a full
// receive buffer (SO_MEMINFO; SO_RXQ_OVFL before Linux 4.12), so that
// received + dropped adds up to sent. With UDP GRO (listen's default there)
// the kernel counts a dropped coalesced group of datagrams once, and the
// summary says "at least": then received + dropped is at most what was
// sent, and received + 64 × dropped at least.
// POSIX builds only: it stops the listener with SIGSTOP through /bin/sh.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <optional>
#include <regex>

#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

// The portable build (DGRAM_PORTABLE) runs the code other systems run: no
// SO_RXQ_OVFL, so its summary must say nothing rather than a made-up 0; and
// no GRO, so its count is exact.
#if defined(DGRAM_PORTABLE)
constexpr bool counts_drops = false;
constexpr bool coalesces = false;
#else
constexpr bool counts_drops = true;
constexpr bool coalesces = true;
#endif

struct Drops {
  long received = 0;
  long dropped = 0;
  bool at_least = false;
};

// A stopped listener with a small buffer cannot keep up with 2000 datagrams
// sent by `dgram send x -n 2000 SEND_OPTIONS`; with `one_more`, one more
// after it resumes (which would carry the kernel's drop count where it
// cannot be asked for, before Linux 4.12).
std::optional<Drops> flood_stopped_listener(const std::string& send_options, bool one_more = true) {
  const std::string script = fmt::format(
      R"sh(d="{}"; err=$(mktemp)
"$d" listen 0 -4 -q --rcvbuf 4096 -t 2s 2>"$err" & pid=$!
i=0; until grep -q 'listening on' "$err" || [ $i -ge 1200 ]; do sleep 0.05; i=$((i+1)); done
port=$(sed -n 's/.*listening on 0\.0\.0\.0:\([0-9]*\).*/\1/p' "$err")
kill -STOP $pid; "$d" send 127.0.0.1 "$port" x -n 2000 {}; kill -CONT $pid
{}
wait $pid; echo "exit $?"; cat "$err" >&2; rm -f "$err")sh",
      dgram_executable(), send_options, one_more ? R"("$d" send 127.0.0.1 "$port" last)" : "");
  Process shell = Process::start("/bin/sh", {"-c", script});
  const ProcessResult result = shell.wait(90s);
  EXPECT_EQ(result.out, "exit 3\n") << result.err;
  if (!counts_drops) {
    EXPECT_NE(result.err.find("dgram: received "), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("dropped"), std::string::npos) << result.err;
    return std::nullopt;
  }
  std::smatch match;
  if (!std::regex_search(
          result.err, match,
          std::regex(
              R"(received (\d+) datagrams?, .*, (at least )?(\d+) dropped by the kernel)"))) {
    ADD_FAILURE() << result.err;
    return std::nullopt;
  }
  Drops drops{std::stol(match[1]), std::stol(match[3]), match[2].matched};
  EXPECT_GT(drops.dropped, 0) << result.err;
  if (drops.at_least) {
    EXPECT_NE(result.err.find("dropped by the kernel (it counts a coalesced group once)"),
              std::string::npos)
        << result.err;
  }
  return drops;
}

TEST(KernelDrops, ReceivedPlusDroppedIsSent) {
#if !defined(__linux__)
  GTEST_SKIP() << "only Linux reports drops (SO_RXQ_OVFL); elsewhere the summary omits them";
#endif
  // dgram sends these copies segmented, 64 per message: with GRO they are
  // dropped (and counted) a group at a time.
  const auto drops = flood_stopped_listener("");
  if (!drops) return;
  EXPECT_EQ(drops->at_least, coalesces);
  if (drops->at_least) {
    EXPECT_LE(drops->received + drops->dropped, 2001);
    EXPECT_GE(drops->received + 64 * drops->dropped, 2001);
  } else {
    EXPECT_EQ(drops->received + drops->dropped, 2001);
  }
}

TEST(KernelDrops, ExactWhenEveryDatagramCameAlone) {
#if !defined(__linux__)
  GTEST_SKIP() << "only Linux reports drops (SO_RXQ_OVFL); elsewhere the summary omits them";
#endif
  // --rate sends one datagram per call: nothing to coalesce, so each drop
  // the kernel counts is one datagram, GRO or not.
  const auto drops = flood_stopped_listener("--rate 1000000");
  if (!drops) return;
  EXPECT_EQ(drops->received + drops->dropped, 2001);
}

TEST(KernelDrops, CountedWithoutADatagramAfterThem) {
#if !defined(__linux__)
  GTEST_SKIP() << "only Linux reports drops (SO_RXQ_OVFL); elsewhere the summary omits them";
#endif
  // The summary asks the kernel at exit (SO_MEMINFO, Linux 4.12+): drops at
  // the end of a burst count although nothing came after them.
  const auto drops = flood_stopped_listener("--rate 1000000", /*one_more=*/false);
  if (!drops) return;
  EXPECT_EQ(drops->received + drops->dropped, 2000);
}

}  // namespace
}  // namespace dgram::test
