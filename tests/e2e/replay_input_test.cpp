// `send --replay` with every kind of bad input: one line `dgram: error: ...`
// naming the problem and the fix, exit 2, and nothing sent.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/replay_support.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

std::string le32(std::uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
          static_cast<char>(v >> 24)};
}

// A little-endian microsecond pcap header of `link_type`.
std::string pcap_header(std::uint32_t link_type) {
  return le32(0xa1b2c3d4) + std::string("\x02\x00\x04\x00", 4) + le32(0) + le32(0) + le32(262144) +
         le32(link_type);
}

struct BadInput {
  const char* what;
  std::string content;            // the file's
  const char* says;               // a part of the one error line
  std::vector<std::string> more;  // options after --replay FILE
};

TEST(ReplayInput, EveryBadInputIsOneLineExitTwoNothingSent) {
  const std::vector<BadInput> cases = {
      {"empty", "", "is empty", {}},
      {"text", "hello world\n", "not a capture", {}},
      {"cut header", pcap_header(1).substr(0, 10), "cut short", {}},
      {"corrupt record",
       pcap_header(1) + le32(0) + le32(0) + le32(0x7fffffff) + le32(1),
       "corrupt",
       {}},
      {"unknown link type", pcap_header(147), "link-layer type 147", {}},
      {"pcapng without byte order",
       std::string("\x0a\x0d\x0d\x0a", 4) + le32(28) + le32(0) + std::string(16, '\0'),
       "corrupt",
       {}},
      {"json not an object", "{\"time\":\n", "line 1 is not a JSON object", {}},
      {"json bad time",
       R"({"time":"yesterday","from":"127.0.0.1","port":1,"size":1,"text":"x"})",
       "ISO-8601",
       {}},
      {"json bad base64",
       R"({"time":"2026-01-01T00:00:00Z","from":"::1","port":1,"base64":"*"})",
       "base64",
       {}},
      {"json wrong size",
       R"({"time":"2026-01-01T00:00:00Z","from":"::1","port":1,"size":9,"text":"x"})",
       "\"size\":9",
       {}},
      {"only TCP", pcap_header(101), "no UDP datagram", {}},
      {"bad speed", "", "invalid --speed", {"--speed", "-1"}},
      // What std::from_chars refuses, strtod (which reads --speed) would take.
      {"speed with a plus", "", "invalid --speed", {"--speed", "+2"}},
      {"speed with a space", "", "invalid --speed", {"--speed", " 2"}},
      {"hexadecimal speed", "", "invalid --speed", {"--speed", "0x10"}},
      {"infinite speed", "", "invalid --speed", {"--speed", "inf"}},
      {"speed over the top", "", "invalid --speed", {"--speed", "1e7"}},
      {"speed with a tail", "", "invalid --speed", {"--speed", "2x"}},
      {"zero loop", "", "--loop", {"--loop", "0"}},
      {"bad replay-from", "", "invalid --replay-from", {"--replay-from", "[::1"}},
  };
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  for (const BadInput& bad : cases) {
    SCOPED_TRACE(bad.what);
    TempFile file("dgram-replay-bad-input", bad.content);
    std::vector<std::string> args = {"send", "127.0.0.1", port, "--replay", file.path()};
    args.insert(args.end(), bad.more.begin(), bad.more.end());
    const auto result = run_dgram(args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(lines_of(result.err).size(), 1u) << result.err;
    EXPECT_EQ(result.err.rfind("dgram: error: ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find(bad.says), std::string::npos) << result.err;
  }
  const auto missing =
      run_dgram({"send", "127.0.0.1", port, "--replay",
                 (std::filesystem::temp_directory_path() / "dgram-no-capture").string()});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("cannot read --replay"), std::string::npos) << missing.err;
  for (const std::vector<std::string>& alone :
       {std::vector<std::string>{"--speed", "2"}, {"--loop", "2"}, {"--replay-from", ":1"}}) {
    std::vector<std::string> args = {"send", "127.0.0.1", port, "x"};
    args.insert(args.end(), alone.begin(), alone.end());
    const auto result = run_dgram(args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("only works with --replay"), std::string::npos) << result.err;
  }
  EXPECT_FALSE(receive(receiver, 200ms)) << "a bad input sent something";
}

// A capture cut while it was written (Ctrl+C, a full disk) replays up to its
// last whole record; the cut one is counted as truncated, never sent cut.
TEST(ReplayInput, CaptureCutInsideItsLastRecordSendsTheWholeOnes) {
  std::string pcap = pcap_header(101);
  // IPv4 UDP 127.0.0.1:7 -> 127.0.0.1:9, "hi".
  const std::string packet(
      "\x45\x00\x00\x1e\x00\x01\x00\x00\x40\x11\x00\x00\x7f\x00\x00\x01"
      "\x7f\x00\x00\x01\x00\x07\x00\x09\x00\x0a\x00\x00hi",
      30);
  for (int i = 0; i < 2; ++i) pcap += le32(1) + le32(0) + le32(30) + le32(30) + packet;
  pcap.resize(pcap.size() - 5);
  TempFile file("dgram-replay-cut.pcap", pcap);
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "--replay",
                                 file.path(), "--summary", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(receive(receiver)->text(), "hi");
  EXPECT_FALSE(receive(receiver, 200ms));
  EXPECT_NE(result.err.find(R"("truncated":1)"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace dgram::test
