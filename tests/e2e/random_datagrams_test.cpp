// Random datagrams of random sizes (0 to 65507 bytes of random bytes) through
// every output format: exactly one well-formed record per datagram, and the
// payload recoverable from it. The listener echoes each datagram so the
// sender goes in lockstep and no buffer overflows.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>

#include "common/send/hex_input.hpp"
#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

constexpr int datagram_count = 60;

std::vector<std::string> random_payloads() {
  std::mt19937 random(20261123);  // fixed: a failure can be replayed
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> small(0, 300);
  std::uniform_int_distribution<int> large(0, 65507);
  std::vector<std::string> payloads;
  for (int i = 0; i < datagram_count; ++i) {
    const int size = i == 0 ? 0 : i == 1 ? 65507 : (i % 4 == 0 ? large(random) : small(random));
    std::string payload(static_cast<std::size_t>(size), '\0');
    for (char& c : payload) c = static_cast<char>(byte(random));
    payloads.push_back(std::move(payload));
  }
  return payloads;
}

struct FormatRun {
  ProcessResult result;
  std::uint16_t sender_port = 0;
};

FormatRun run_format(const std::string& format, const std::vector<std::string>& payloads) {
  auto listener = start_listener({"-4", "--echo", "-m", "65507", "-f", format, "-n",
                                  std::to_string(payloads.size()), "-t", "20s"});
  FormatRun run;
  if (listener.port == 0) return run;
  auto sender = bound_loopback_socket(net::Family::ipv4);
  run.sender_port = port_of(sender);
  for (const std::string& payload : payloads) {
    EXPECT_TRUE(sender.send_to(bytes_of(payload), loopback(net::Family::ipv4, listener.port)).ok());
    const auto echoed = receive(sender, 10s);
    EXPECT_TRUE(echoed && echoed->text() == payload)
        << "echo of a " << payload.size() << "-byte datagram";
  }
  run.result = listener.process.wait(30s);
  EXPECT_EQ(run.result.exit_code, 0) << run.result.err;
  EXPECT_NE(run.result.err.find("0 truncated"), std::string::npos) << run.result.err;
  return run;
}

std::string from_base64(const std::string& text) {
  std::string out;
  int bits = 0;
  unsigned value = 0;
  for (const char c : text) {
    const auto at =
        std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
            .find(c);
    if (at == std::string_view::npos) continue;  // '=' padding
    value = (value << 6) | static_cast<unsigned>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xff);
    }
  }
  return out;
}

TEST(RandomDatagrams, JsonRecordsGiveBackEveryPayload) {
  const auto payloads = random_payloads();
  const FormatRun run = run_format("json", payloads);
  const auto lines = lines_of(run.result.out);
  ASSERT_EQ(lines.size(), payloads.size());
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const auto record = nlohmann::json::parse(lines[i]);
    EXPECT_EQ(record["size"], payloads[i].size());
    EXPECT_EQ(record["port"], run.sender_port);
    EXPECT_EQ(record["truncated"], false);
    const std::string payload =
        record.contains("text") ? record["text"].get<std::string>() : from_base64(record["base64"]);
    EXPECT_EQ(record.contains("text") + record.contains("base64"), 1);
    EXPECT_EQ(payload, payloads[i]) << "record " << i;
  }
}

TEST(RandomDatagrams, HexRecordsGiveBackEveryPayload) {
  const auto payloads = random_payloads();
  const FormatRun run = run_format("hex", payloads);
  const auto lines = lines_of(run.result.out);
  std::size_t line = 0;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    ASSERT_LT(line, lines.size());
    EXPECT_EQ(lines[line], "127.0.0.1:" + std::to_string(run.sender_port) + " " +
                               std::to_string(payloads[i].size()) +
                               (payloads[i].size() == 1 ? " byte" : " bytes"));
    ++line;
    std::string hex;
    for (std::size_t dumped = 0; dumped < payloads[i].size(); dumped += 16, ++line) {
      ASSERT_LT(line, lines.size());
      hex += lines[line].substr(10, 49);
    }
    auto bytes = parse_hex(hex);
    ASSERT_TRUE(bytes.ok()) << bytes.error().message;
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()),
              payloads[i]);
  }
  EXPECT_EQ(line, lines.size()) << "nothing after the last record";
}

TEST(RandomDatagrams, TextRecordsAreOneSafeLineEach) {
  const auto payloads = random_payloads();
  const FormatRun run = run_format("text", payloads);
  const auto lines = lines_of(run.result.out);
  ASSERT_EQ(lines.size(), payloads.size());
  const std::string sender = "127.0.0.1:" + std::to_string(run.sender_port) + " ";
  for (const std::string& line : lines) {
    EXPECT_TRUE(line.starts_with(sender));
    for (const char c : line) {
      const auto byte = static_cast<unsigned char>(c);
      EXPECT_FALSE(byte < 0x20 || byte == 0x7f) << "control byte " << static_cast<int>(byte);
    }
  }
}

TEST(RandomDatagrams, RawOutputIsThePayloadsBackToBack) {
  const auto payloads = random_payloads();
  const FormatRun run = run_format("raw", payloads);
  std::string expected;
  for (const std::string& payload : payloads) expected += payload;
  EXPECT_EQ(run.result.out.size(), expected.size());
  EXPECT_TRUE(run.result.out == expected);
}

}  // namespace
}  // namespace dgram::test
