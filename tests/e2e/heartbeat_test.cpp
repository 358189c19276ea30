// `dgram send … -n 0 -i DURATION`, the heartbeat: it runs until stopped,
// outlives a listener that is gone for 30 s (each ICMP port unreachable
// counted, on the status line and in the summary, never the end of it), is
// heard again when the listener comes back on the same port, and Ctrl+C ends
// it with its summary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <thread>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

using nlohmann::json;

json summary_of(const std::string& err) {
  for (const std::string& line : lines_of(err)) {
    if (line.starts_with("{")) return json::parse(line);
  }
  ADD_FAILURE() << "no JSON summary: " << err;
  return json::object();
}

// What the newest `--progress` line says: how long the heartbeat has run (by
// its own clock) and how many refusals it has counted.
struct StatusNow {
  int seconds = -1;
  long refused = -1;
};

StatusNow newest_status(const std::string& err) {
  static const std::regex line(R"(dgram: sending (\d+)s: .*, ([\d,]+) refused)");
  StatusNow now;
  for (const std::string& text : lines_of(err)) {
    std::smatch match;
    if (!std::regex_search(text, match, line)) continue;
    now.seconds = std::stoi(match[1]);
    std::string digits = match[2];
    std::erase(digits, ',');
    now.refused = std::stol(digits);
  }
  return now;
}

// Polls the heartbeat's status lines (one a second) until it says it has run
// `seconds`; false when it ends or the bound passes first.
bool wait_until_running(Process& heartbeat, int seconds, std::chrono::seconds bound) {
  const auto give_up = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < give_up) {
    if (newest_status(heartbeat.stderr_text()).seconds >= seconds) return true;
    if (heartbeat.wait_for_stderr("dgram: error", 200ms)) return false;
  }
  return false;
}

TEST(Heartbeat, OutlivesThirtySecondsOfListenerDowntimeAndIsHeardAgain) {
  // A port nothing listens on, that this test can take again later: bound,
  // its number kept, closed. (Another program could take it meanwhile, or
  // the heartbeat's own ephemeral port could be it; both are too unlikely in
  // a 28,000-port range to flake.)
  std::uint16_t port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    port = port_of(gone);
  }
  auto heartbeat =
      Process::start(dgram_executable(), {"send", "127.0.0.1", std::to_string(port), "beat", "-n",
                                          "0", "-i", "100ms", "--progress", "--summary", "json"});
  // 30 s of downtime by the heartbeat's own clock.
  ASSERT_TRUE(wait_until_running(heartbeat, 30, 50s)) << heartbeat.stderr_text();
  const StatusNow down = newest_status(heartbeat.stderr_text());
  if (!running_under_wine()) {
    // About 10 a second were refused, and said so as it ran.
    EXPECT_GE(down.refused, 100) << heartbeat.stderr_text();
  }

  auto listener = net::UdpSocket::open(net::Family::ipv4);
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  const auto back = listener->bind(loopback(net::Family::ipv4, port));
  ASSERT_TRUE(back.ok()) << "port " << port << " was taken meanwhile: " << back.error().message;
  const auto heard = receive(*listener, 10s);
  ASSERT_TRUE(heard) << "the heartbeat is not heard after the listener came back: "
                     << heartbeat.stderr_text();
  EXPECT_EQ(heard->text(), "beat");
  std::uint64_t received = 1;
  // A few more, so that the refusals are known to have stopped.
  for (; received < 5; ++received) ASSERT_TRUE(receive(*listener, 10s));

  heartbeat.interrupt();
  const auto result = heartbeat.wait(20s);
  EXPECT_TRUE(ended_by_interrupt(result))
      << "exit " << result.exit_code << " signal " << result.signal << ": " << result.err;
  while (receive(*listener, 500ms)) ++received;
  const json summary = summary_of(result.err);
  EXPECT_EQ(summary["exit_reason"], "interrupted") << summary.dump();
  EXPECT_EQ(summary["exit_code"], 130) << summary.dump();
  EXPECT_TRUE(summary["planned"].is_null()) << summary.dump();
  EXPECT_EQ(summary["unreachable"], 0) << summary.dump();
  const auto sent = summary["sent"].get<std::uint64_t>();
  const auto refused = summary["refused"].get<std::uint64_t>();
  EXPECT_GE(sent, 250u) << summary.dump();  // 10 a second for over 30 s
  EXPECT_EQ(summary["bytes"], sent * 4) << summary.dump();
  if (running_under_wine()) {
    // Wine surfaces no ICMP port unreachable to a send: nothing to count.
    EXPECT_EQ(refused, 0u) << summary.dump();
    EXPECT_GE(sent, received) << summary.dump();
  } else {
    // Every datagram was either refused (the port closed) or heard; one
    // refusal may go uncounted when two arrive before the next send.
    EXPECT_GE(refused, static_cast<std::uint64_t>(down.refused)) << summary.dump();
    EXPECT_LE(refused + received, sent) << summary.dump();
    EXPECT_GE(refused + received + 2, sent) << summary.dump() << " received " << received;
  }
}

TEST(Heartbeat, CtrlCEndsItWithATextSummary) {
  auto listener = bound_loopback_socket(net::Family::ipv4);
  auto heartbeat = Process::start(
      dgram_executable(),
      {"send", "127.0.0.1", std::to_string(port_of(listener)), "ok", "-n", "0", "--rate", "50"});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(receive(listener, 20s)) << heartbeat.stderr_text();
  heartbeat.interrupt();
  const auto result = heartbeat.wait(20s);
  EXPECT_TRUE(ended_by_interrupt(result))
      << "exit " << result.exit_code << " signal " << result.signal << ": " << result.err;
  const auto lines = lines_of(result.err);
  ASSERT_EQ(lines.size(), 1u) << result.err;
  static const std::regex summary(
      R"(dgram: sent (\d+) datagrams, (\d+) bytes in [\d.]+ s \([\d.]+/s\) to 127\.0\.0\.1:\d+, 0 refused)");
  std::smatch match;
  ASSERT_TRUE(std::regex_match(lines[0], match, summary)) << lines[0];
  EXPECT_GE(std::stoul(match[1]), 3u);
  EXPECT_EQ(std::stoul(match[2]), 2 * std::stoul(match[1]));
}

TEST(Heartbeat, AFiniteRunStillEndsAtTheFirstRefusal) {
  if (running_under_wine()) GTEST_SKIP() << "Wine reports no ICMP port unreachable to a send";
  std::uint16_t port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    port = port_of(gone);
  }
  const auto result = run_dgram({"send", "127.0.0.1", std::to_string(port), "x", "-n", "20", "-i",
                                 "10ms", "--summary", "json"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("nothing is listening on 127.0.0.1:"), std::string::npos) << result.err;
  const json summary = summary_of(result.err);
  EXPECT_EQ(summary["sent"], 1) << summary.dump();
  EXPECT_EQ(summary["refused"], 1) << summary.dump();
}

TEST(Heartbeat, BadCombinationsAreUsageErrorsAndSendNothing) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  struct Case {
    std::vector<std::string> args;
    std::string error;
    std::string input = {};
  };
  const std::vector<Case> cases = {
      {{"-n", "0"}, "--count 0 (-n 0) sends until stopped, so it needs a pace"},
      {{"-n", "0", "-i", "1s", "-r"}, "--reply waits after the last datagram, and -n 0 has none"},
      {{"-n", "0", "--rate", "5", "--all-replies"}, "--all-replies waits after the last datagram"},
      {{"-n", "zero"}, "use a positive whole number, or 0 for no end"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"send", "127.0.0.1", port, "x"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const auto result = run_dgram(args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(lines_of(result.err).size(), 1u) << result.err;
    EXPECT_TRUE(result.err.starts_with("dgram: error: ")) << result.err;
    EXPECT_NE(result.err.find(c.error), std::string::npos) << result.err;
  }
  // A stream from standard input cannot be repeated, endlessly or not.
  const auto stream =
      run_dgram({"send", "127.0.0.1", port, "--lines", "-n", "0", "-i", "1s"}, "a\nb\n");
  EXPECT_EQ(stream.exit_code, 2) << stream.err;
  EXPECT_NE(stream.err.find("--count cannot repeat --lines read from standard input"),
            std::string::npos)
      << stream.err;
  EXPECT_FALSE(receive(receiver, 200ms)) << "a usage error sends nothing";
}

}  // namespace
}  // namespace dgram::test
