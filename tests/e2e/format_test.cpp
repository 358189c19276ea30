// listen --format and --timestamps from the real binary, each format parsed
// back with a real parser.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "common/send/hex_input.hpp"
#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

// Starts `dgram listen -4 -n COUNT ARGS...`, sends `payloads` from one
// socket, and returns what the listener wrote and the sender's port.
struct Heard {
  ProcessResult result;
  std::uint16_t sender_port = 0;
};

Heard listen_to(const std::vector<std::string>& payloads, std::vector<std::string> args) {
  args.insert(args.end(), {"-4", "-n", std::to_string(payloads.size()), "-t", "20s"});
  auto listener = start_listener(args);
  Heard heard;
  if (listener.port == 0) return heard;
  auto sender = bound_loopback_socket(net::Family::ipv4);
  heard.sender_port = port_of(sender);
  for (const std::string& payload : payloads) {
    EXPECT_TRUE(sender.send_to(bytes_of(payload), loopback(net::Family::ipv4, listener.port)).ok());
  }
  heard.result = listener.process.wait(20s);
  EXPECT_EQ(heard.result.exit_code, 0) << heard.result.err;
  return heard;
}

TEST(Format, JsonOfATextAndABinaryDatagram) {
  const std::string binary("\x00\xff\x1b[2J", 6);
  const Heard heard = listen_to({"Grüße ✓", binary}, {"-f", "json"});
  const auto lines = lines_of(heard.result.out);
  ASSERT_EQ(lines.size(), 2u) << heard.result.out;
  const auto text = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(text["from"], "127.0.0.1");
  EXPECT_EQ(text["port"], heard.sender_port);
  EXPECT_EQ(text["size"], 11);
  EXPECT_EQ(text["truncated"], false);
  EXPECT_EQ(text["text"], "Grüße ✓");
  EXPECT_FALSE(text.contains("base64"));
  EXPECT_TRUE(std::regex_match(text["time"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")))
      << text["time"];
  const auto bytes = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(bytes["base64"], "AP8bWzJK");
  EXPECT_EQ(bytes["size"], 6);
  EXPECT_FALSE(bytes.contains("text"));
}

TEST(Format, JsonMarksTruncation) {
  const Heard heard = listen_to({std::string(2000, 'j')}, {"-f", "json"});
  const auto json = nlohmann::json::parse(heard.result.out);
  EXPECT_EQ(json["truncated"], true);
  EXPECT_EQ(json["size"], 2000);
  EXPECT_EQ(json["text"], std::string(1024, 'j'));
}

TEST(Format, RawIsByteExactWithNoTranslation) {
  // "\r\n" and "\n" must come out as sent, on Windows too (binary stdout).
  const std::string first("line\r\nnext\n", 11);
  const std::string second("\x00\xff\r", 3);
  const Heard heard = listen_to({first, second}, {"-f", "raw"});
  EXPECT_EQ(heard.result.out, first + second);
}

TEST(Format, HexDumpParsesBackToThePayload) {
  std::string payload;
  for (int i = 0; i < 40; ++i) payload += static_cast<char>(i * 7);
  const Heard heard = listen_to({payload}, {"-f", "hex"});
  const auto lines = lines_of(heard.result.out);
  ASSERT_EQ(lines.size(), 4u) << heard.result.out;
  EXPECT_EQ(lines[0], "127.0.0.1:" + std::to_string(heard.sender_port) + " 40 bytes");
  std::string hex;
  for (std::size_t i = 1; i < lines.size(); ++i) hex += lines[i].substr(10, 49);
  auto bytes = parse_hex(hex);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()), payload);
}

TEST(Format, TimestampsPrefixTextRecords) {
  const Heard heard = listen_to({"stamped"}, {"--timestamps"});
  EXPECT_TRUE(std::regex_match(
      heard.result.out,
      std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z 127\.0\.0\.1:\d+ stamped\n)")))
      << heard.result.out;
}

TEST(Format, UnknownFormatIsExit2) {
  const auto result = run_dgram({"listen", "0", "-f", "xml"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("dgram: error: invalid format 'xml' for --format"), std::string::npos)
      << result.err;
}

TEST(Format, QuietPrintsNoRecordsButCounts) {
  const Heard heard = listen_to({"a", "b"}, {"-q"});
  EXPECT_EQ(heard.result.out, "");
  EXPECT_NE(heard.result.err.find("received 2 datagrams, 2 bytes"), std::string::npos)
      << heard.result.err;
}

}  // namespace
}  // namespace dgram::test
