// `dgram send --seq`: the bytes on the wire, read by a test socket: the
// header of common/seq_header.hpp (magic, sequence 0..N-1 over the whole
// run, a send time near now that never goes back), then the payload as the
// user gave it; and the size rule: the header counts toward --max-size.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "common/seq_header.hpp"
#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

// Receives `expected.size()` datagrams and checks each one's header and
// payload: sequences 0, 1, 2, … in order, send times between `from` and now
// and never earlier than the one before.
void expect_sequenced(net::UdpSocket& socket, const std::vector<std::string>& expected,
                      std::uint64_t from) {
  std::uint64_t previous_time = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("datagram " + std::to_string(i));
    const auto datagram = receive(socket, 20s);
    ASSERT_TRUE(datagram);
    ASSERT_EQ(datagram->payload.size(), seq_header_size + expected[i].size());
    const std::string magic(reinterpret_cast<const char*>(datagram->payload.data()), 4);
    EXPECT_EQ(magic, "dgS1");
    const auto header = read_seq_header(datagram->payload);
    ASSERT_TRUE(header);
    EXPECT_EQ(header->sequence, i);
    EXPECT_GE(header->sent_ns, from);
    EXPECT_LE(header->sent_ns, now_ns());
    EXPECT_GE(header->sent_ns, previous_time);
    previous_time = header->sent_ns;
    EXPECT_EQ(datagram->text().substr(seq_header_size), expected[i]);
  }
  EXPECT_FALSE(receive(socket, 200ms)) << "more datagrams than expected";
}

std::vector<std::string> repeated(const std::vector<std::string>& round, std::size_t times) {
  std::vector<std::string> all;
  for (std::size_t i = 0; i < times; ++i) all.insert(all.end(), round.begin(), round.end());
  return all;
}

TEST(SendSeq, CountAtFullSpeedNumbersEveryDatagram) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  // Sent in batches of 256 at full speed, before the test reads any: the
  // receive buffer holds them all (about 1 KiB of kernel memory each), and
  // there are more than one batch where the OS allows that buffer.
  const auto buffer = receiver.set_receive_buffer(std::size_t{4} << 20);
  const std::size_t count = std::clamp<std::size_t>(buffer ? *buffer / 2048 : 0, 100, 600);
  const std::uint64_t from = now_ns();
  const auto sent = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "hello",
                               "-n", std::to_string(count), "--seq"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  expect_sequenced(receiver, repeated({"hello"}, count), from);
}

TEST(SendSeq, PacedLinesCountOnAcrossRounds) {
  auto receiver = bound_loopback_socket(net::Family::ipv6);
  const std::uint64_t from = now_ns();
  const auto sent = run_dgram({"send", "::1", std::to_string(port_of(receiver)), "a\nbb\n\nccc",
                               "--lines", "-n", "2", "-i", "5ms", "--seq"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  expect_sequenced(receiver, repeated({"a", "bb", "", "ccc"}, 2), from);
}

TEST(SendSeq, StandardInputHexAndChunksEachGetAHeader) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  std::uint64_t from = now_ns();
  // 12 bytes in pieces of at most 25 - 20 = 5.
  auto sent =
      run_dgram({"send", "127.0.0.1", port, "--chunk", "-m", "25", "--seq"}, "abcdefghijkl");
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  expect_sequenced(receiver, {"abcde", "fghij", "kl"}, from);
  from = now_ns();
  sent =
      run_dgram({"send", "127.0.0.1", port, "68 69", "-x", "--seq", "--rate", "1000", "-n", "3"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  expect_sequenced(receiver, repeated({"hi"}, 3), from);
}

TEST(SendSeq, TheHeaderCountsTowardMaxSize) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  // 5 bytes + 20 = 25: over 24, and nothing leaves.
  auto refused = run_dgram({"send", "127.0.0.1", port, "hello", "-m", "24", "--seq", "-n", "3"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_EQ(lines_of(refused.err).size(), 1u) << refused.err;
  EXPECT_TRUE(refused.err.starts_with(
      "dgram: error: payload is 5 bytes, 25 with --seq's 20-byte header, over the limit of 24 "
      "bytes; raise --max-size or split it with --chunk (nothing was sent)"))
      << refused.err;
  // A line of a --lines MESSAGE: checked whole before the first leaves.
  refused = run_dgram({"send", "127.0.0.1", port, "ok\ntoo long", "--lines", "-m", "25", "--seq"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("line 2 is 8 bytes, 28 with --seq's 20-byte header"),
            std::string::npos)
      << refused.err;
  // --chunk needs room for a byte beside the header.
  refused = run_dgram({"send", "127.0.0.1", port, "hello", "--chunk", "-m", "20", "--seq"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_EQ(lines_of(refused.err).size(), 1u) << refused.err;
  EXPECT_NE(refused.err.find("--max-size 20 leaves no room for a payload beside --seq's 20-byte "
                             "header, so --chunk cannot split it; give --max-size 21 or more"),
            std::string::npos)
      << refused.err;
  EXPECT_FALSE(receive(receiver, 200ms)) << "a usage error sends nothing";
  // Exactly at the limit it goes.
  const std::uint64_t from = now_ns();
  const auto fits = run_dgram({"send", "127.0.0.1", port, "hello", "-m", "25", "--seq"});
  EXPECT_EQ(fits.exit_code, 0) << fits.err;
  expect_sequenced(receiver, {"hello"}, from);
}

}  // namespace
}  // namespace dgram::test
