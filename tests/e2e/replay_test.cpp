// `dgram send --replay`: a capture's payloads reach a test socket whole and
// in order, with the capture's spacing (measured and printed: the figure
// for the README), faster with --speed, filtered by --replay-from, again
// with --loop; pcap files written by Python (tests/tools) and by the
// Wireshark tools replay too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "e2e/replay_support.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

using std::chrono::duration;
using std::chrono::microseconds;
using std::chrono::milliseconds;

double ms_between(std::chrono::steady_clock::time_point a,
                  std::chrono::steady_clock::time_point b) {
  return duration<double, std::milli>(b - a).count();
}

// 1,000 datagrams of 0 to 1,024 random bytes (every third one letters),
// 0.2 to 3 ms apart with a 20 ms pause every hundred.
std::vector<Recorded> irregular_capture(std::size_t count) {
  std::mt19937 random(26);
  std::vector<Recorded> datagrams;
  microseconds time{0};
  for (std::size_t i = 0; i < count; ++i) {
    Recorded datagram{time, {}};
    const std::size_t size = random() % 1025;
    for (std::size_t b = 0; b < size; ++b) {
      datagram.payload.push_back(i % 3 == 0 ? static_cast<std::byte>('a' + random() % 26)
                                            : static_cast<std::byte>(random()));
    }
    datagrams.push_back(std::move(datagram));
    time += microseconds(200 + random() % 2800) + (i % 100 == 99 ? milliseconds(20) : 0ms);
  }
  return datagrams;
}

TEST(Replay, JsonCaptureArrivesWholeInOrderWithItsSpacing) {
  const auto capture = irregular_capture(1000);
  TempFile file("dgram-replay-1000.jsonl", json_capture(capture));
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  auto sender =
      Process::start(dgram_executable(), {"send", "127.0.0.1", std::to_string(port_of(receiver)),
                                          "--replay", file.path(), "--summary", "json"});
  const auto arrivals = receive_timed(receiver, capture.size());
  const auto result = sender.wait(60s);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(arrivals.size(), capture.size());
  double total_error = 0, max_error = 0;
  for (std::size_t i = 0; i < capture.size(); ++i) {
    ASSERT_EQ(arrivals[i].datagram.payload, capture[i].payload) << "datagram " << i;
    const double original = duration<double, std::milli>(capture[i].time).count();
    const double error = std::abs(ms_between(arrivals[0].at, arrivals[i].at) - original);
    total_error += error;
    max_error = std::max(max_error, error);
  }
  const double original = duration<double, std::milli>(capture.back().time).count();
  const double replayed = ms_between(arrivals.front().at, arrivals.back().at);
  std::printf(
      "replay spacing: %.1f ms of capture in %.1f ms; error from the original offset: "
      "mean %.3f ms, max %.3f ms\n",
      original, replayed, total_error / static_cast<double>(capture.size()), max_error);
  // Generous for a loaded machine: the tight figure is printed above.
  EXPECT_NEAR(replayed, original, original * 0.2 + 50);
  EXPECT_NE(result.err.find(R"("sent":1000)"), std::string::npos) << result.err;
}

TEST(Replay, SpeedTenPlaysTenTimesFaster) {
  std::vector<Recorded> capture;
  for (int i = 0; i < 21; ++i) capture.push_back({milliseconds(100 * i), bytes_of("tick")});
  TempFile file("dgram-replay-speed.jsonl", json_capture(capture));
  auto receiver = bound_loopback_socket(net::Family::ipv6);
  auto sender = Process::start(
      dgram_executable(),
      {"send", "::1", std::to_string(port_of(receiver)), "--replay", file.path(), "--speed", "10"});
  const auto arrivals = receive_timed(receiver, capture.size());
  EXPECT_EQ(sender.wait(60s).exit_code, 0);
  ASSERT_EQ(arrivals.size(), capture.size());
  // 2 s of capture in 200 ms (at --speed 1 it would take 2 s).
  const double replayed = ms_between(arrivals.front().at, arrivals.back().at);
  EXPECT_NEAR(replayed, 200, 200 * 0.2 + 50);
}

TEST(Replay, PythonPcapOfEthernetSendsItsUdpAndCountsTheRest) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "--replay",
                                 replay_fixture("ethernet.pcap"), "--summary", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  for (const char* expected : {"one", "two", "three"}) {
    const auto datagram = receive(receiver);
    ASSERT_TRUE(datagram) << expected;
    EXPECT_EQ(datagram->text(), expected);
  }
  EXPECT_FALSE(receive(receiver, 200ms));
  EXPECT_NE(result.err.find(R"("skipped":{"total":3,"not_udp":1,"fragments":1,"truncated":1,)"),
            std::string::npos)
      << result.err;
}

TEST(Replay, RawBigEndianNanosecondAndLinuxCookedPcaps) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  for (const char* name : {"raw_be_nano.pcap", "linux_sll.pcap"}) {
    const auto result = run_dgram({"send", "127.0.0.1", port, "--replay", replay_fixture(name)});
    EXPECT_EQ(result.exit_code, 0) << name << ": " << result.err;
  }
  for (const char* expected : {"raw-a", "raw-b", "cooked"}) {
    const auto datagram = receive(receiver);
    ASSERT_TRUE(datagram) << expected;
    EXPECT_EQ(datagram->text(), expected);
  }
}

TEST(Replay, ReplayFromKeepsOneSendersDatagrams) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  const std::string pcap = replay_fixture("ethernet.pcap");
  for (const auto& [from, expected] : {std::pair{"192.0.2.2", "two"},
                                       {":7000", "three"},
                                       {"[2001:db8::1]:7000", "three"},
                                       {"192.0.2.1:5000", "one"}}) {
    SCOPED_TRACE(from);
    const auto result = run_dgram(
        {"send", "127.0.0.1", port, "--replay", pcap, "--replay-from", from, "--summary", "json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const auto datagram = receive(receiver);
    ASSERT_TRUE(datagram);
    EXPECT_EQ(datagram->text(), expected);
    EXPECT_FALSE(receive(receiver, 100ms));
    EXPECT_NE(result.err.find(R"("other_senders":2)"), std::string::npos) << result.err;
  }
  const auto nobody =
      run_dgram({"send", "127.0.0.1", port, "--replay", pcap, "--replay-from", "192.0.2.77"});
  EXPECT_EQ(nobody.exit_code, 2);
  EXPECT_NE(nobody.err.find("no UDP datagram"), std::string::npos) << nobody.err;
  EXPECT_FALSE(receive(receiver, 100ms));
}

TEST(Replay, LoopPlaysTheCaptureAgain) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "--replay",
                                 replay_fixture("ethernet.pcap"), "--loop", "3", "--speed", "max"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  for (int round = 0; round < 3; ++round) {
    for (const char* expected : {"one", "two", "three"}) {
      const auto datagram = receive(receiver);
      ASSERT_TRUE(datagram);
      EXPECT_EQ(datagram->text(), expected);
    }
  }
  EXPECT_FALSE(receive(receiver, 200ms));
}

TEST(Replay, OversizeIsRefusedBeforeAnythingLeavesUnlessChunked) {
  const std::vector<Recorded> capture = {{0us, bytes_of("small")}, {1000us, pattern(2000)}};
  TempFile file("dgram-replay-oversize.jsonl", json_capture(capture));
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  const auto refused = run_dgram({"send", "127.0.0.1", port, "--replay", file.path()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(lines_of(refused.err).size(), 1u) << refused.err;
  EXPECT_NE(refused.err.find("datagram 2"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("nothing was sent"), std::string::npos) << refused.err;
  EXPECT_FALSE(receive(receiver, 200ms)) << "the first datagram, which fits, left";
  const auto chunked = run_dgram({"send", "127.0.0.1", port, "--replay", file.path(), "--chunk"});
  EXPECT_EQ(chunked.exit_code, 0) << chunked.err;
  EXPECT_EQ(receive(receiver)->text(), "small");
  EXPECT_EQ(receive(receiver)->payload.size(), 1024u);
  EXPECT_EQ(receive(receiver)->payload.size(), 2000u - 1024u);
}

}  // namespace
}  // namespace dgram::test
