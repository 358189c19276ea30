// `listen` fed by senders that segment (UDP_SEGMENT): dgram's own `send -n`
// and a test peer whose last segment is shorter. On Linux the listener reads
// them coalesced (UDP GRO) and splits them again; every per-datagram promise
// must hold as if they had come one by one: one record each, in order, with
// its true size, -n exact inside a coalesced group, truncation per datagram,
// each echoed alone. The portable build, which reads them one by one, must
// print exactly the same. POSIX builds only (the peer is a POSIX socket).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "common/send/hex_input.hpp"
#include "support/run_dgram.hpp"
#include "support/segmenting_peer_posix.hpp"

namespace dgram::test {
namespace {

const std::vector<std::string> formats = {"text", "hex", "json", "raw"};

// The payloads of a listener's records in `format`, in order, each checked
// for the sender `from` ("127.0.0.1:PORT"); raw output is one string, the
// payloads back to back. Needs printable payloads (text shows them as is).
std::vector<std::string> payloads_of(const std::string& format, const std::string& out,
                                     const std::string& from) {
  std::vector<std::string> payloads;
  const auto lines = lines_of(out);
  if (format == "raw") return {out};
  if (format == "text") {
    for (const std::string& line : lines) {
      EXPECT_TRUE(line.starts_with(from + " ")) << line;
      payloads.push_back(line.substr(std::min(line.size(), from.size() + 1)));
    }
  } else if (format == "json") {
    for (const std::string& line : lines) {
      const auto record = nlohmann::json::parse(line);
      EXPECT_EQ(from, record["from"].get<std::string>() + ":" +
                          std::to_string(record["port"].get<int>()));
      EXPECT_EQ(record["truncated"], false);
      const std::string text = record["text"];
      EXPECT_EQ(record["size"], text.size());
      payloads.push_back(text);
    }
  } else {  // hex: a header line "FROM SIZE bytes", then a line per 16 bytes
    std::size_t line = 0;
    while (line < lines.size()) {
      std::smatch header;
      if (!std::regex_match(lines[line], header, std::regex(R"((\S+) (\d+) bytes?)"))) {
        ADD_FAILURE() << "not a hex header: " << lines[line];
        break;
      }
      EXPECT_EQ(header[1], from);
      const std::size_t size = std::stoul(header[2]);
      ++line;
      std::string hex;
      for (std::size_t dumped = 0; dumped < size && line < lines.size(); dumped += 16, ++line) {
        hex += lines[line].substr(10, 49);
      }
      auto bytes = parse_hex(hex);
      EXPECT_TRUE(bytes.ok()) << hex;
      payloads.emplace_back(reinterpret_cast<const char*>(bytes->data()), bytes->size());
      EXPECT_EQ(payloads.back().size(), size);
    }
  }
  return payloads;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string all;
  for (const std::string& part : parts) all += part;
  return all;
}

class CoalescedListen : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!SegmentingPeer::kernel_segments()) GTEST_SKIP() << "this kernel has no UDP_SEGMENT";
  }
};

TEST_P(CoalescedListen, SegmentedPeerGivesOneRecordPerDatagramInOrder) {
  const std::string& format = GetParam();
  // 64 segments with a short last one, 10 with a last one of one byte, one
  // plain datagram.
  const std::vector<std::vector<std::string>> messages = {numbered_datagrams(64, 60, 17),
                                                          numbered_datagrams(10, 1000, 1),
                                                          numbered_datagrams(1, 300, 300)};
  std::vector<std::string> sent;
  for (const auto& message : messages) sent.insert(sent.end(), message.begin(), message.end());

  SegmentingPeer peer(net::Family::ipv4);
  auto listener = start_listener(
      {"-4", "-m", "1000", "-f", format, "-n", std::to_string(sent.size()), "-t", "10s"});
  ASSERT_NE(listener.port, 0);
  for (const auto& message : messages) ASSERT_TRUE(peer.send(message, listener.port));
  const ProcessResult result = listener.process.wait(20s);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find(
                fmt::format("received {} datagrams, {} bytes", sent.size(), joined(sent).size())),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(" 0 truncated"), std::string::npos) << result.err;

  const auto payloads = payloads_of(format, result.out, "127.0.0.1:" + std::to_string(peer.port()));
  if (format == "raw") {
    EXPECT_EQ(payloads.front(), joined(sent));
    return;
  }
  ASSERT_EQ(payloads.size(), sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(payloads[i], sent[i]) << "datagram " << i;
}

TEST_P(CoalescedListen, DgramSendCountGivesOneRecordPerCopy) {
  const std::string& format = GetParam();
  constexpr int copies = 256;  // four messages of 64 copies where dgram segments
  const std::string payload(64, 'p');
  auto listener = start_listener(
      {"-4", "-f", format, "-n", std::to_string(copies), "-t", "10s", "--rcvbuf", "1048576"});
  ASSERT_NE(listener.port, 0);
  const auto sent = run_dgram(
      {"send", "127.0.0.1", std::to_string(listener.port), payload, "-n", std::to_string(copies)});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  const ProcessResult result = listener.process.wait(20s);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find(fmt::format("received {} datagrams", copies)), std::string::npos)
      << result.err;
  // The sender's port is the one in the first record.
  const std::string from = result.out.substr(0, result.out.find(' '));
  if (format == "raw") {
    EXPECT_EQ(result.out.size(), copies * payload.size());
    EXPECT_EQ(result.out, std::string(copies * payload.size(), 'p'));
    return;
  }
  const std::string sender =
      format == "json"
          ? "127.0.0.1:" +
                std::to_string(nlohmann::json::parse(lines_of(result.out)[0])["port"].get<int>())
          : from;
  const auto payloads = payloads_of(format, result.out, sender);
  ASSERT_EQ(payloads.size(), static_cast<std::size_t>(copies));
  for (const std::string& got : payloads) EXPECT_EQ(got, payload);
}

INSTANTIATE_TEST_SUITE_P(Formats, CoalescedListen, testing::ValuesIn(formats),
                         [](const auto& param_info) { return param_info.param; });

class CoalescedListenOne : public testing::Test {
 protected:
  void SetUp() override {
    if (!SegmentingPeer::kernel_segments()) GTEST_SKIP() << "this kernel has no UDP_SEGMENT";
  }
};

TEST_F(CoalescedListenOne, CountStopsInsideACoalescedGroup) {
  const auto group = numbered_datagrams(64, 50, 50);
  for (const int count : {1, 10, 63}) {
    SegmentingPeer peer(net::Family::ipv4);
    auto listener = start_listener({"-4", "-n", std::to_string(count), "-t", "10s"});
    ASSERT_NE(listener.port, 0);
    ASSERT_TRUE(peer.send(group, listener.port));
    const ProcessResult result = listener.process.wait(20s);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto lines = lines_of(result.out);
    ASSERT_EQ(lines.size(), static_cast<std::size_t>(count)) << result.out;
    const std::string from = "127.0.0.1:" + std::to_string(peer.port()) + " ";
    for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i], from + group[i]);
    EXPECT_NE(result.err.find(fmt::format("received {} datagram", count)), std::string::npos)
        << result.err;
  }
}

TEST_F(CoalescedListenOne, CountGoesOnIntoTheNextGroup) {
  const auto first = numbered_datagrams(64, 40, 40);
  const auto second = numbered_datagrams(64, 41, 41);
  SegmentingPeer peer(net::Family::ipv4);
  auto listener = start_listener({"-4", "-f", "json", "-n", "100", "-t", "10s"});
  ASSERT_NE(listener.port, 0);
  ASSERT_TRUE(peer.send(first, listener.port));
  ASSERT_TRUE(peer.send(second, listener.port));
  const ProcessResult result = listener.process.wait(20s);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto payloads = payloads_of("json", result.out, "127.0.0.1:" + std::to_string(peer.port()));
  ASSERT_EQ(payloads.size(), 100u);
  for (std::size_t i = 0; i < 100; ++i) {
    EXPECT_EQ(payloads[i], i < 64 ? first[i] : second[i - 64]) << "datagram " << i;
  }
}

TEST_F(CoalescedListenOne, SegmentsOverMaxSizeAreTruncatedOneByOne) {
  const auto group = numbered_datagrams(20, 100, 30);  // 19 over -m 64, the last not
  SegmentingPeer peer(net::Family::ipv4);
  auto listener = start_listener({"-4", "-m", "64", "-f", "json", "-n", "20", "-t", "10s"});
  ASSERT_NE(listener.port, 0);
  ASSERT_TRUE(peer.send(group, listener.port));
  const ProcessResult result = listener.process.wait(20s);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), group.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto record = nlohmann::json::parse(lines[i]);
    const bool over = group[i].size() > 64;
    EXPECT_EQ(record["size"], group[i].size()) << i;
    EXPECT_EQ(record["truncated"], over) << i;
    EXPECT_EQ(record["text"], group[i].substr(0, 64)) << i;
  }
  EXPECT_NE(result.err.find(", 19 truncated"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("is 100 bytes, over --max-size 64"), std::string::npos) << result.err;
}

TEST_F(CoalescedListenOne, EchoSendsEachCoalescedDatagramBackAlone) {
  const auto group = numbered_datagrams(64, 70, 7);
  SegmentingPeer peer(net::Family::ipv4);
  auto listener = start_listener({"-4", "--echo", "-q", "-n", "64", "-t", "10s"});
  ASSERT_NE(listener.port, 0);
  ASSERT_TRUE(peer.send(group, listener.port));
  for (std::size_t i = 0; i < group.size(); ++i) {
    const auto back = peer.receive(5s);
    ASSERT_TRUE(back) << "echo " << i << " did not come";
    EXPECT_EQ(*back, group[i]) << "echo " << i;
  }
  EXPECT_FALSE(peer.receive(200ms)) << "more echoes than datagrams";
  EXPECT_EQ(listener.process.wait(20s).exit_code, 0);
}

TEST_F(CoalescedListenOne, IPv6SenderOnTheDualStackDefault) {
  const auto group = numbered_datagrams(30, 200, 3);
  SegmentingPeer peer(net::Family::ipv6);
  auto listener = start_listener({"-f", "json", "-n", "30", "-t", "10s"});
  ASSERT_NE(listener.port, 0);
  ASSERT_TRUE(peer.send(group, listener.port));
  const ProcessResult result = listener.process.wait(20s);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto payloads = payloads_of("json", result.out, "::1:" + std::to_string(peer.port()));
  EXPECT_EQ(payloads, group);
}

}  // namespace
}  // namespace dgram::test
