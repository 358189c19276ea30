// send --hex, --lines, --count, --interval, --rate and empty messages.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

// Runs `dgram send 127.0.0.1 PORT ARGS...` with `input` against a fresh
// receiver and returns the exit code and every datagram that arrived.
struct Sent {
  ProcessResult result;
  std::vector<std::string> datagrams;
};

Sent send_and_collect(const std::vector<std::string>& args, const std::string& input = {}) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  std::vector<std::string> full{"send", "127.0.0.1", std::to_string(port_of(receiver))};
  full.insert(full.end(), args.begin(), args.end());
  Sent sent{run_dgram(full, input), {}};
  // dgram has exited: whatever it sent is already queued on loopback.
  while (auto got = receive(receiver, 300ms)) {
    sent.datagrams.push_back(got->text());
  }
  return sent;
}

TEST(SendInput, HexMessageIsDecoded) {
  const auto sent = send_and_collect({"-x", "48 65:6c6C 6f 00"});
  EXPECT_EQ(sent.result.exit_code, 0) << sent.result.err;
  EXPECT_EQ(sent.datagrams, (std::vector<std::string>{std::string("Hello\0", 6)}));
}

TEST(SendInput, HexFromStdin) {
  const auto sent = send_and_collect({"--hex"}, "de ad\nbe ef\n");
  EXPECT_EQ(sent.result.exit_code, 0) << sent.result.err;
  EXPECT_EQ(sent.datagrams, (std::vector<std::string>{"\xde\xad\xbe\xef"}));
}

TEST(SendInput, InvalidHexIsExit2NamingThePositionAndNothingIsSent) {
  const auto bad = send_and_collect({"-x", "48 6z"});
  EXPECT_EQ(bad.result.exit_code, 2);
  EXPECT_EQ(bad.result.err,
            "dgram: error: invalid hex at position 5: 'z' is not a hex digit; --hex takes 0-9, "
            "a-f, spaces, tabs, line breaks and colons (nothing was sent)\n");
  EXPECT_TRUE(bad.datagrams.empty());
  const auto odd = send_and_collect({"-x", "123"});
  EXPECT_EQ(odd.result.exit_code, 2);
  EXPECT_NE(odd.result.err.find("odd number of hex digits"), std::string::npos);
  EXPECT_TRUE(odd.datagrams.empty());
}

TEST(SendInput, ThreeLinesAreThreeDatagrams) {
  const auto sent = send_and_collect({"--lines"}, "one\r\ntwo\nthree");
  EXPECT_EQ(sent.result.exit_code, 0) << sent.result.err;
  EXPECT_EQ(sent.datagrams, (std::vector<std::string>{"one", "two", "three"}));
}

TEST(SendInput, LinesFromAMessageAndEmptyLines) {
  const auto sent = send_and_collect({"--lines", "a\n\nb\n"});
  EXPECT_EQ(sent.datagrams, (std::vector<std::string>{"a", "", "b"}));
}

TEST(SendInput, OversizeLineInAFiniteInputSendsNothing) {
  const auto sent = send_and_collect({"--lines", "-m", "4", "ok\ntoo long\nok"});
  EXPECT_EQ(sent.result.exit_code, 2);
  EXPECT_NE(sent.result.err.find("line 2 is 8 bytes, over the limit of 4 bytes"), std::string::npos)
      << sent.result.err;
  EXPECT_NE(sent.result.err.find("nothing was sent"), std::string::npos);
  EXPECT_TRUE(sent.datagrams.empty());
}

TEST(SendInput, OversizeLineInAStreamStopsThereAndSaysSo) {
  const auto sent = send_and_collect({"--lines", "-m", "4"}, "ok\ntoo long\nnever\n");
  EXPECT_EQ(sent.result.exit_code, 2);
  EXPECT_NE(sent.result.err.find("line 2 is 8 bytes"), std::string::npos) << sent.result.err;
  EXPECT_NE(sent.result.err.find("earlier lines were sent"), std::string::npos);
  EXPECT_EQ(sent.datagrams, (std::vector<std::string>{"ok"}));
}

TEST(SendInput, CountRepeatsThePayload) {
  const auto sent = send_and_collect({"-n", "3", "again"});
  EXPECT_EQ(sent.result.exit_code, 0);
  EXPECT_EQ(sent.datagrams, (std::vector<std::string>{"again", "again", "again"}));
}

TEST(SendInput, CountRepeatsEveryChunkInOrder) {
  const auto sent = send_and_collect({"-n", "2", "--chunk", "-m", "2", "abc"});
  EXPECT_EQ(sent.datagrams, (std::vector<std::string>{"ab", "c", "ab", "c"}));
}

TEST(SendInput, IntervalAndRateStillSendEverything) {
  EXPECT_EQ(send_and_collect({"-n", "5", "--rate", "1000", "x"}).datagrams.size(), 5u);
  // Not a speed check: only that the pauses happened at all.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(send_and_collect({"-n", "3", "-i", "150ms", "x"}).datagrams.size(), 3u);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
}

TEST(SendInput, SubMillisecondIntervalIsHonouredNotRoundedUp) {
  // 400 datagrams 0.25 ms apart: 99.75 ms from the first to the last. Were
  // the interval rounded up to whole milliseconds it would be 399 ms or more,
  // on every run. Judged by the sender's own elapsed time (its --summary
  // json), not by when this process got round to reading: a busy machine can
  // stall the sender (pacing then starts afresh) but never make it early, so
  // each run takes at least 99.75 ms, and one of a few runs must stay well
  // under 399 ms.
  double fastest = 1e9;
  for (int attempt = 0; attempt < 5 && fastest >= 0.3; ++attempt) {
    auto receiver = bound_loopback_socket(net::Family::ipv4);
    const auto result = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "x",
                                   "-n", "400", "-i", "0.25ms", "--summary", "json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    std::size_t arrived = 0;
    while (receive(receiver, 300ms)) ++arrived;
    EXPECT_GT(arrived, 0u);
    const auto at = result.err.find("\"elapsed_seconds\":");
    ASSERT_NE(at, std::string::npos) << result.err;
    const double elapsed = std::stod(result.err.substr(at + 18));
    EXPECT_GE(elapsed, 0.099) << "the pauses must happen: " << result.err;
    fastest = std::min(fastest, elapsed);
  }
  EXPECT_LT(fastest, 0.3) << "0.25 ms must not become 1 ms (five runs, the fastest " << fastest
                          << " s)";
}

TEST(SendInput, BadRepetitionValuesAreExit2) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"-n", "0", "x"},
                                               {"-n", "-3", "x"},
                                               {"-i", "soon", "x"},
                                               {"-i", "0.0000000001", "x"},
                                               {"-r", "-t", "0.5ms", "x"},
                                               {"--rate", "0", "x"},
                                               {"--rate", "99999999", "x"},
                                               {"-i", "1s", "--rate", "10", "x"},
                                               {"--lines", "-n", "2"}}) {
    const auto sent = send_and_collect(args);
    EXPECT_EQ(sent.result.exit_code, 2) << testing::PrintToString(args);
    EXPECT_TRUE(sent.result.err.starts_with("dgram: error: ")) << sent.result.err;
    EXPECT_TRUE(sent.datagrams.empty()) << testing::PrintToString(args);
  }
}

TEST(SendInput, EmptyMessageIsAZeroLengthDatagram) {
  const auto sent = send_and_collect({""});
  EXPECT_EQ(sent.result.exit_code, 0) << sent.result.err;
  EXPECT_EQ(sent.datagrams, (std::vector<std::string>{""}));
}

}  // namespace
}  // namespace dgram::test
