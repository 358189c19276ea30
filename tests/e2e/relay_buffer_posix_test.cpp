// listen --forward asks for a 4 MiB receive buffer when --rcvbuf is not
// given: a relay reads only between its sends, so a client's burst waits in
// the buffer meanwhile. A relay stopped (SIGSTOP, through /bin/sh) while
// 2,000 datagrams of 1,000 bytes arrive relays every one once it resumes;
// the OS default buffer (Linux: 208 KiB) held about a fifth of them.
// POSIX builds only.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

// net.core.rmem_max: what Linux grants a socket at most; 0 where unknown.
long receive_buffer_limit() {
  std::ifstream file("/proc/sys/net/core/rmem_max");
  long limit = 0;
  file >> limit;
  return limit;
}

// What the upstream (a `dgram listen -n 2000`) says at its end, after 2,000
// datagrams of 1,000 bytes were sent to a stopped relay `relay_options`.
ProcessResult burst_through_stopped_relay(const std::string& relay_options) {
  const std::string script = fmt::format(
      R"sh(d="{}"; up=$(mktemp); err=$(mktemp)
ready() {{ i=0; until grep -q 'listening on' "$1" || [ $i -ge 1200 ]; do sleep 0.05; i=$((i+1)); done; }}
port_of() {{ sed -n 's/.*listening on 0\.0\.0\.0:\([0-9]*\).*/\1/p' "$1"; }}
"$d" listen 0 -4 -q --rcvbuf 8388608 -n 2000 -t 3s 2>"$up" & upid=$!
ready "$up"
"$d" listen 0 -4 -q --forward "127.0.0.1:$(port_of "$up")" -t 4s {} 2>"$err" & pid=$!
ready "$err"
payload=$(printf '%1000s' '' | tr ' ' x)
kill -STOP $pid; "$d" send 127.0.0.1 "$(port_of "$err")" "$payload" -n 2000; kill -CONT $pid
wait $upid; echo "upstream exit $?"; wait $pid
cat "$up" "$err" >&2; rm -f "$up" "$err")sh",
      dgram_executable(), relay_options);
  Process shell = Process::start("/bin/sh", {"-c", script});
  return shell.wait(90s);
}

TEST(RelayBuffer, ABurstWhileTheRelayIsBusyIsRelayedWhole) {
  if (receive_buffer_limit() < 4 * 1024 * 1024) {
    GTEST_SKIP() << "net.core.rmem_max is below 4 MiB: the OS grants no bigger buffer here";
  }
  const ProcessResult result = burst_through_stopped_relay("");
  EXPECT_EQ(result.out, "upstream exit 0\n") << result.err;
  EXPECT_NE(result.err.find("dgram: received 2000 datagrams"), std::string::npos) << result.err;
}

// The same burst with the OS default buffer asked for explicitly loses most
// of it: what the test above shows is the buffer's doing.
TEST(RelayBuffer, TheDefaultBufferWouldLoseMostOfTheBurst) {
  if (receive_buffer_limit() < 4 * 1024 * 1024) {
    GTEST_SKIP() << "net.core.rmem_max is below 4 MiB: the OS grants no bigger buffer here";
  }
  const ProcessResult result = burst_through_stopped_relay("--rcvbuf 212992");
  EXPECT_EQ(result.out, "upstream exit 3\n") << result.err;
}

}  // namespace
}  // namespace dgram::test
