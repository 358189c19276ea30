// --progress and the status line's absence where stderr is no terminal, on
// the real binary (natively and under Wine; the terminal itself is tested
// through a pseudo-terminal by tests/terminal/ and tests/wine/).
#include <regex>

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

TEST(Progress, ForcedForASendToAPipe) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto sent = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "tick", "-n",
                               "3", "-i", "700ms", "--progress"});
  EXPECT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_FALSE(has_terminal_control(sent.err)) << sent.err;
  const auto lines = lines_of(sent.err);
  // At 1 s of the 1.4 s it takes; a slow machine may stretch it past 2 s.
  ASSERT_GE(lines.size(), 1u) << sent.err;
  ASSERT_LE(lines.size(), 2u) << sent.err;
  for (const auto& line : lines) {
    EXPECT_TRUE(std::regex_match(
        line, std::regex(R"(dgram: sending \d+%: [0-3] of 3 datagrams, \d+ B, \d+/s, \d+s left)")))
        << line;
  }
}

TEST(Progress, NoProgressWins) {
  const auto heard = run_dgram({"listen", "0", "-q", "-t", "1200ms", "--no-progress"});
  EXPECT_EQ(heard.exit_code, 3);
  EXPECT_EQ(heard.err.find("dgram: listening 1s"), std::string::npos) << heard.err;
}

}  // namespace
}  // namespace dgram::test
