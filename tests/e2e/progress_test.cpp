// --progress and the status line's absence where stderr is no terminal, on
// the real binary (natively and under Wine; the terminal itself is tested
// through a pseudo-terminal by tests/terminal/ and tests/wine/). In a log the
// rate is the last second's, and a send ends with a last line.
#include <cstdint>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

bool has_terminal_control(const std::string& text) {
  return text.find('\r') != std::string::npos || text.find('\x1b') != std::string::npos;
}

TEST(Progress, NoStatusLineToAPipe) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto sent = run_dgram(
      {"send", "127.0.0.1", std::to_string(port_of(receiver)), "x", "-n", "3", "-i", "600ms"});
  EXPECT_EQ(sent.exit_code, 0);
  EXPECT_EQ(sent.err, "");
  const auto heard = run_dgram({"listen", "0", "-q", "-t", "800ms"});
  EXPECT_EQ(heard.exit_code, 3);
  EXPECT_EQ(lines_of(heard.err).size(), 3u) << heard.err;  // start line, summary, error
  EXPECT_FALSE(has_terminal_control(heard.err)) << heard.err;
}

TEST(Progress, ForcedToAPipeItIsAPlainLineASecond) {
  // The lines at 1 s and 2 s, with half a second to spare for a busy machine.
  const auto heard = run_dgram({"listen", "0", "-4", "-q", "-t", "2500ms", "--progress"});
  EXPECT_EQ(heard.exit_code, 3) << heard.err;
  EXPECT_FALSE(has_terminal_control(heard.err)) << heard.err;
  const auto lines = lines_of(heard.err);
  ASSERT_EQ(lines.size(), 5u) << heard.err;
  EXPECT_TRUE(std::regex_search(lines[1], std::regex("^dgram: listening 1s: 0 datagrams, 0 B, "
                                                     "0/s, 0 truncated")))
      << lines[1];
  EXPECT_TRUE(lines[2].starts_with("dgram: listening 2s: 0 datagrams")) << lines[2];
  EXPECT_TRUE(lines[3].starts_with("dgram: received 0 datagrams")) << lines[3];
}

std::uint64_t number(const std::string& grouped) {
  std::string digits;
  for (const char c : grouped)
    if (c != ',') digits += c;
  return std::stoull(digits);
}

// The lines of `err` that are a send's status lines; each must be whole.
std::vector<std::string> send_lines(const std::string& err, const std::string& planned) {
  std::vector<std::string> lines;
  for (const auto& line : lines_of(err)) {
    if (!line.starts_with("dgram: sending")) continue;
    EXPECT_TRUE(std::regex_match(line, std::regex(R"(dgram: sending \d+%: \d+ of )" + planned +
                                                  R"( datagrams, \d+ B, \d+/s(, [\dhms]+ left)?)")))
        << line;
    lines.push_back(line);
  }
  return lines;
}

TEST(Progress, ForcedForASendToAPipe) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto sent = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "tick", "-n",
                               "3", "-i", "700ms", "--progress"});
  EXPECT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_FALSE(has_terminal_control(sent.err)) << sent.err;
  const auto lines = send_lines(sent.err, "3");
  // At 1 s of the 1.4 s it takes (a slow machine may stretch it past 2 s),
  // then the last line.
  ASSERT_EQ(lines.size(), lines_of(sent.err).size()) << sent.err;
  ASSERT_GE(lines.size(), 2u) << sent.err;
  ASSERT_LE(lines.size(), 3u) << sent.err;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_TRUE(std::regex_search(lines[i], std::regex(R"( [0-3] of 3 .*, \d+s left$)")))
        << lines[i];
  }
  EXPECT_TRUE(std::regex_match(lines.back(),
                               std::regex(R"(dgram: sending 100%: 3 of 3 datagrams, 12 B, \d+/s)")))
      << lines.back();
}

TEST(Progress, AShortPacedSendLogsItsLastLine) {
  // 400 ms: over before the first line a second, past the 250 ms that make
  // a send long enough for one.
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto port = std::to_string(port_of(receiver));
  const auto sent =
      run_dgram({"send", "127.0.0.1", port, "x", "-n", "5", "-i", "100ms", "--progress"});
  EXPECT_EQ(sent.exit_code, 0) << sent.err;
  const auto lines = send_lines(sent.err, "5");
  ASSERT_GE(lines.size(), 1u) << sent.err;
  EXPECT_TRUE(std::regex_match(lines.back(),
                               std::regex(R"(dgram: sending 100%: 5 of 5 datagrams, 5 B, \d+/s)")))
      << sent.err;

  // 1.4 s: a line at 1 s, and the last at 100%.
  const auto longer =
      run_dgram({"send", "127.0.0.1", port, "x", "-n", "15", "-i", "100ms", "--progress"});
  EXPECT_EQ(longer.exit_code, 0) << longer.err;
  const auto more = send_lines(longer.err, "15");
  ASSERT_GE(more.size(), 2u) << longer.err;
  EXPECT_TRUE(std::regex_match(
      more.back(), std::regex(R"(dgram: sending 100%: 15 of 15 datagrams, 15 B, \d+/s)")))
      << longer.err;
}

TEST(Progress, AStoppedSendLogsWhereItStopped) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  Process sender =
      Process::start(dgram_executable(), {"send", "127.0.0.1", std::to_string(port_of(receiver)),
                                          "x", "-n", "1000", "-i", "100ms", "--progress"});
  // The first line, a second in, however long a busy machine takes.
  ASSERT_TRUE(sender.wait_for_stderr(" left\n", 60s)) << sender.stderr_text();
  sender.interrupt();
  const ProcessResult result = sender.wait(60s);
  EXPECT_TRUE(ended_by_interrupt(result))
      << "exit " << result.exit_code << " signal " << result.signal << ": " << result.err;
  const auto lines = send_lines(result.err, "1,000");
  ASSERT_GE(lines.size(), 2u) << result.err;
  EXPECT_TRUE(lines_of(result.err).back() == lines.back()) << result.err;
  std::smatch last;
  ASSERT_TRUE(std::regex_match(
      lines.back(), last,
      std::regex(R"(dgram: sending (\d+)%: (\d+) of 1,000 datagrams, (\d+) B, \d+/s)")))
      << lines.back();
  const std::uint64_t count = number(last[2]);
  EXPECT_LT(count, 1000u);
  EXPECT_EQ(number(last[1]), count / 10);
  EXPECT_EQ(number(last[3]), count);
}

TEST(Progress, ALoggedRateIsTheLastSecond) {
  // Lines a second apart: the rate on each is at most what came since the
  // one before, so it is 0 on the second line after the traffic stopped
  // (not a four-second average slowly falling).
  RunningListener listener = start_listener({"-4", "-b", "127.0.0.1", "-q", "--progress"});
  ASSERT_NE(listener.port, 0);
  const auto sent = run_dgram(
      {"send", "127.0.0.1", std::to_string(listener.port), "x", "-n", "300", "--rate", "150"});
  EXPECT_EQ(sent.exit_code, 0) << sent.err;
  const bool quiet_again = listener.process.wait_for_stderr("300 datagrams, 300 B, 0/s", 60s);
  listener.process.interrupt();
  const ProcessResult result = listener.process.wait(60s);
  ASSERT_TRUE(quiet_again) << result.err;
  EXPECT_TRUE(ended_by_interrupt(result))
      << "exit " << result.exit_code << " signal " << result.signal << ": " << result.err;
  const std::regex status(R"(dgram: listening \S+: ([\d,]+) datagrams?, [^,]+, ([\d,]+)/s, .*)");
  std::uint64_t before = 0;
  bool moving = false;
  int final_lines = 0;  // lines with all 300, until the first at 0/s
  for (const auto& line : lines_of(result.err)) {
    std::smatch match;
    if (!std::regex_match(line, match, status)) continue;
    const std::uint64_t count = number(match[1]);
    const std::uint64_t rate = number(match[2]);
    EXPECT_LE(rate, count - before) << line << "\n" << result.err;
    moving = moving || rate > 0;
    if (count == 300 && final_lines >= 0) final_lines = rate == 0 ? -1 : final_lines + 1;
    before = count;
  }
  EXPECT_TRUE(moving) << result.err;
  EXPECT_EQ(final_lines, -1) << result.err;
}

TEST(Progress, NoProgressWins) {
  const auto heard = run_dgram({"listen", "0", "-q", "-t", "1200ms", "--no-progress"});
  EXPECT_EQ(heard.exit_code, 3);
  EXPECT_EQ(heard.err.find("dgram: listening 1s"), std::string::npos) << heard.err;
}

}  // namespace
}  // namespace dgram::test
