// Outputs that fail: a full disk is an error (exit 1, said on stderr), a
// closed pipe is a quiet end (exit 0), a closed stderr is no crash. POSIX builds only: they need
// /dev/full and a shell.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

// Runs `dgram ARGS` through /bin/sh with `redirection` appended.
ProcessResult run_in_shell(const std::string& args, const std::string& redirection) {
  Process shell = Process::start(
      "/bin/sh", {"-c", fmt::format("\"{}\" {} {}", dgram_executable(), args, redirection)});
  return shell.wait(20s);
}

TEST(OutputFailure, FullStdoutIsAnErrorNotSilentLoss) {
  auto listener = Process::start(
      "/bin/sh",
      {"-c", fmt::format("\"{}\" listen 0 -4 -n 1 -t 20s >/dev/full", dgram_executable())});
  ASSERT_TRUE(listener.wait_for_stderr("listening on 0.0.0.0:", 20s));
  const std::string err = listener.stderr_text();
  const std::string port = err.substr(err.rfind(':') + 1, err.find('\n') - err.rfind(':') - 1);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender
                  .send_to(bytes_of("lost?"),
                           loopback(net::Family::ipv4, static_cast<std::uint16_t>(std::stoi(port))))
                  .ok());
  const auto result = listener.wait(20s);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("dgram: error: cannot write the output"), std::string::npos)
      << result.err;
}

TEST(OutputFailure, ClosedPipeEndsQuietlyWithExit0) {
  // `dgram listen | head -1`: head leaves after one record; the listener's
  // next write meets a closed pipe. The shell feeds it datagrams (at most
  // 200, 20 ms apart) until the listener has exited.
  const std::string script = fmt::format(
      R"sh(d="{}"; err=$(mktemp); rc=$(mktemp)
{{ "$d" listen 0 -4 -t 20s 2>"$err"; echo $? >"$rc"; }} | head -1 >/dev/null &
i=0; until grep -q 'listening on' "$err" || [ $i -ge 1200 ]; do sleep 0.05; i=$((i+1)); done
port=$(sed -n 's/.*listening on 0\.0\.0\.0:\([0-9]*\).*/\1/p' "$err")
i=0; until [ -s "$rc" ] || [ $i -ge 200 ]; do "$d" send 127.0.0.1 "$port" "line $i" 2>/dev/null; sleep 0.02; i=$((i+1)); done
wait; echo "exit $(cat "$rc")"; cat "$err" >&2; rm -f "$err" "$rc")sh",
      dgram_executable());
  Process shell = Process::start("/bin/sh", {"-c", script});
  const ProcessResult result = shell.wait(90s);
  EXPECT_EQ(result.out, "exit 0\n") << result.err;
  EXPECT_EQ(result.err.find("error"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("dgram: received"), std::string::npos) << result.err;
}

TEST(OutputFailure, ReaderGoingAwayEndsTheListenerAtOnce) {
  // `dgram listen | head -1` and one datagram only: head leaves after it,
  // and the listener ends then (exit 0), not at a next datagram or -t.
  const std::string script = fmt::format(
      R"sh(d="{}"; err=$(mktemp); rc=$(mktemp)
{{ "$d" listen 0 -4 -t 15s 2>"$err"; echo $? >"$rc"; }} | head -1 >/dev/null &
i=0; until grep -q 'listening on' "$err" || [ $i -ge 200 ]; do sleep 0.05; i=$((i+1)); done
port=$(sed -n 's/.*listening on 0\.0\.0\.0:\([0-9]*\).*/\1/p' "$err")
"$d" send 127.0.0.1 "$port" "the only one"
i=0; until [ -s "$rc" ] || [ $i -ge 100 ]; do sleep 0.05; i=$((i+1)); done
if [ -s "$rc" ]; then echo "exit $(cat "$rc")"; else echo "still running"; fi
wait; cat "$err" >&2; rm -f "$err" "$rc")sh",
      dgram_executable());
  Process shell = Process::start("/bin/sh", {"-c", script});
  const ProcessResult result = shell.wait(30s);
  EXPECT_EQ(result.out, "exit 0\n") << result.err;
  EXPECT_NE(result.err.find("dgram: received 1 datagram"), std::string::npos) << result.err;
}

TEST(OutputFailure, ARelayKeepsRelayingWhileItsReaderDoesNotRead) {
  // `dgram listen --forward ... | sleep 10`: the pipe fills after a few
  // dozen records; every exchange must still go through.
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  Process shell = Process::start(
      "/bin/sh", {"-c", fmt::format("\"{}\" listen 0 -4 --forward 127.0.0.1:{} -t 2s | sleep 10",
                                    dgram_executable(), port_of(upstream))});
  ASSERT_TRUE(shell.wait_for_stderr("listening on 0.0.0.0:", 20s)) << shell.stderr_text();
  const std::string err = shell.stderr_text();
  const auto at = err.rfind("0.0.0.0:") + 8;
  const auto relay = static_cast<std::uint16_t>(std::stoi(err.substr(at)));
  auto client = bound_loopback_socket(net::Family::ipv4);
  const std::vector<std::byte> payload(1000, std::byte{'x'});
  int answered = 0;
  for (int i = 0; i < 150; ++i) {
    ASSERT_TRUE(client.send_to(payload, loopback(net::Family::ipv4, relay)).ok());
    const auto seen = receive(upstream, 5s);
    if (!seen) break;
    ASSERT_TRUE(upstream.send_to(seen->payload, seen->from).ok());
    if (!receive(client, 5s)) break;
    ++answered;
  }
  EXPECT_EQ(answered, 150);
  const ProcessResult result = shell.wait(30s);
  EXPECT_NE(result.err.find("not written (output blocked or failed)"), std::string::npos)
      << result.err;
}

TEST(OutputFailure, ARelayWhoseReaderLeftStillDeliversTheAnswerOnItsWay) {
  // `dgram listen --forward ... | head -1`: head leaves after the client's
  // record, before the upstream answers; the answer must still reach the
  // client (as after -n), then the relay ends quietly.
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  Process shell = Process::start(
      "/bin/sh",
      {"-c", fmt::format("{{ \"{}\" listen 0 -4 --forward 127.0.0.1:{} -t 20s; echo \"relay exit "
                         "$?\" >&2; }} | {{ head -1 >/dev/null; echo 'reader gone' >&2; }}",
                         dgram_executable(), port_of(upstream))});
  ASSERT_TRUE(shell.wait_for_stderr("listening on 0.0.0.0:", 60s)) << shell.stderr_text();
  const std::string err = shell.stderr_text();
  const auto at = err.rfind("0.0.0.0:") + 8;
  const auto relay = static_cast<std::uint16_t>(std::stoi(err.substr(at)));
  auto client = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(client.send_to(pattern(5), loopback(net::Family::ipv4, relay)).ok());
  const auto seen = receive(upstream, 20s);
  ASSERT_TRUE(seen);
  ASSERT_TRUE(shell.wait_for_stderr("reader gone", 60s)) << shell.stderr_text();
  ASSERT_TRUE(upstream.send_to(seen->payload, seen->from).ok());
  const auto answer = receive(client, 20s);
  EXPECT_TRUE(answer) << "the answer was lost when the reader left";
  const ProcessResult result = shell.wait(60s);
  EXPECT_NE(result.err.find("relay exit 0"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("1 answer back"), std::string::npos) << result.err;
}

TEST(OutputFailure, ClosedStderrStillGivesTheExitCode) {
  EXPECT_EQ(run_in_shell("listen 0 -t 100ms", "2>&-").exit_code, 3);
  EXPECT_EQ(run_in_shell("send 127.0.0.1 0 x", "2>/dev/full").exit_code, 2);
}

}  // namespace
}  // namespace dgram::test
