// Every output format, parsed back rather than only compared as text.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string_view>

#include "common/records/output_format.hpp"
#include "common/records/timestamp.hpp"
#include "common/send/hex_input.hpp"

namespace dgram {
namespace {

using namespace std::chrono;

Record record_of(std::string_view payload, std::size_t size, std::size_t shown) {
  Record record;
  record.from.address = {127, 0, 0, 1};
  record.from.port = 53000;
  record.shown = std::as_bytes(std::span(payload.data(), shown));
  record.size = size;
  record.time =
      sys_days(year{2026} / 11 / 23) + hours(10) + minutes(0) + seconds(0) + microseconds(123456);
  return record;
}

std::string formatted(const Record& record, OutputFormat format, bool timestamps = false) {
  std::string out;
  append_record(out, record, {format, timestamps});
  return out;
}

TEST(Timestamp, IsoUtcWithMicroseconds) {
  std::string out;
  append_timestamp(out, record_of("", 0, 0).time);
  EXPECT_EQ(out, "2026-11-23T10:00:00.123456Z");
}

TEST(JsonRecord, TextDatagramHasTextField) {
  const auto json = nlohmann::json::parse(formatted(record_of("hello", 5, 5), OutputFormat::json));
  EXPECT_EQ(json["time"], "2026-11-23T10:00:00.123456Z");
  EXPECT_EQ(json["from"], "127.0.0.1");
  EXPECT_EQ(json["port"], 53000);
  EXPECT_EQ(json["size"], 5);
  EXPECT_EQ(json["truncated"], false);
  EXPECT_EQ(json["text"], "hello");
  EXPECT_FALSE(json.contains("base64"));
}

TEST(JsonRecord, BinaryDatagramHasBase64Field) {
  const std::string_view binary("\xff\x00\x1b[", 4);
  const auto line = formatted(record_of(binary, 4, 4), OutputFormat::json);
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one record, one line";
  const auto json = nlohmann::json::parse(line);
  EXPECT_EQ(json["base64"], "/wAbWw==");
  EXPECT_FALSE(json.contains("text"));
}

TEST(JsonRecord, ControlCharactersInTextAreJsonEscaped) {
  const std::string_view text = "a\nb\x1b[31m\"q\"";
  const auto line = formatted(record_of(text, text.size(), text.size()), OutputFormat::json);
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(line)["text"], text);
}

TEST(JsonRecord, ExactBytesOfARecord) {
  EXPECT_EQ(formatted(record_of("hi \"you\"\\\t\b\f\x01", 13, 13), OutputFormat::json),
            R"({"time":"2026-11-23T10:00:00.123456Z","from":"127.0.0.1","port":53000,)"
            R"("size":13,"truncated":false,"text":"hi \"you\"\\\t\u0008\u000c\u0001"})"
            "\n");
}

TEST(JsonRecord, TerminalControlsInValidUtf8AreEscapedToo) {
  // DEL, CSI as a C1 control (U+009B), a right-to-left override (U+202E), a
  // line separator (U+2028), a bidi isolate (U+2066); plain non-ASCII stays.
  const std::string_view text =
      "a\x7f\xc2\x9b"
      "31m\xe2\x80\xae\xe2\x80\xa8\xe2\x81\xa6\xc3\xa9";
  const auto line = formatted(record_of(text, text.size(), text.size()), OutputFormat::json);
  EXPECT_NE(line.find(R"("text":"a\u007f\u009b31m\u202e\u2028\u2066)"
                      "\xc3\xa9\""),
            std::string::npos)
      << line;
  EXPECT_EQ(nlohmann::json::parse(line)["text"], text) << "a parser reads the same text back";
}

TEST(JsonRecord, BidiMarksAndParagraphSeparatorAreEscaped) {
  // U+061C arabic letter mark, U+200E and U+200F (left-to-right and
  // right-to-left marks), U+2029 paragraph separator, U+2069 pop isolate.
  const std::string_view text =
      "a\xd8\x9c"
      "b\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\xa9\xe2\x81\xa9";
  const auto line = formatted(record_of(text, text.size(), text.size()), OutputFormat::json);
  EXPECT_NE(line.find(R"("text":"a\u061cb\u200e\u200f\u2029\u2069")"), std::string::npos) << line;
  EXPECT_EQ(nlohmann::json::parse(line)["text"], text) << "a parser reads the same text back";
}

TEST(JsonRecord, InvalidUtf8AfterEscapesGoesWholeToBase64) {
  const std::string_view text = "a\"b\xc3";  // a cut two-byte sequence at the end
  const auto line = formatted(record_of(text, text.size(), text.size()), OutputFormat::json);
  const auto json = nlohmann::json::parse(line);
  EXPECT_EQ(json["base64"], "YSJiww==");
  EXPECT_FALSE(json.contains("text"));
  EXPECT_EQ(json.size(), 6u);
}

TEST(JsonRecord, TruncatedRecordSaysSoWithTheTrueSize) {
  const auto json =
      nlohmann::json::parse(formatted(record_of("hello", 2000, 3), OutputFormat::json));
  EXPECT_EQ(json["truncated"], true);
  EXPECT_EQ(json["size"], 2000);
  EXPECT_EQ(json["text"], "hel");
}

TEST(JsonRecord, OneByteToEscapeAnywhereInALongPayload) {
  // Printable ASCII is appended whole; one byte that is not, at any place
  // (before, across and after 16-byte blocks), must still be escaped.
  for (int byte = 0; byte < 0x80; ++byte) {
    for (const std::size_t at :
         {std::size_t{0}, std::size_t{15}, std::size_t{16}, std::size_t{63}, std::size_t{99}}) {
      std::string payload(100, 'x');
      payload[at] = static_cast<char>(byte);
      std::string line =
          formatted(record_of(payload, payload.size(), payload.size()), OutputFormat::json);
      EXPECT_EQ(nlohmann::json::parse(line)["text"].get<std::string>(), payload)
          << "byte " << byte << " at " << at;
      line.pop_back();  // the record's own newline
      if (byte < 0x20 || byte == 0x7f) {
        EXPECT_EQ(line.find(static_cast<char>(byte)), std::string::npos)
            << "byte " << byte << " at " << at << " not escaped";
      }
    }
  }
  EXPECT_NE(formatted(record_of("a\x7f", 2, 2), OutputFormat::json).find(R"("text":"a\u007f")"),
            std::string::npos);
}

TEST(JsonRecord, EachRecordNamesItsOwnSender) {
  Record first = record_of("one", 3, 3);
  Record second = record_of("two", 3, 3);
  second.from.address = {10, 0, 0, 2};
  second.from.port = 7;
  for (int round = 0; round < 2; ++round) {
    for (const Record* record : {&first, &second, &first}) {
      const auto json = nlohmann::json::parse(formatted(*record, OutputFormat::json));
      EXPECT_EQ(json["from"].get<std::string>(), record == &first ? "127.0.0.1" : "10.0.0.2");
      EXPECT_EQ(json["port"].get<int>(), record == &first ? 53000 : 7);
    }
  }
}

TEST(HexRecord, HeaderThenHexdumpLines) {
  const std::string_view payload = "Hello world, this is hex";
  EXPECT_EQ(formatted(record_of(payload, payload.size(), payload.size()), OutputFormat::hex),
            "127.0.0.1:53000 24 bytes\n"
            "00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  |Hello world, thi|\n"
            "00000010  73 20 69 73 20 68 65 78                           |s is hex|\n");
}

TEST(HexRecord, DumpParsesBackToThePayload) {
  std::string payload;
  for (int byte = 0; byte < 256; ++byte) payload += static_cast<char>(byte);
  const std::string out = formatted(record_of(payload, 256, 256), OutputFormat::hex);
  std::string hex;
  std::size_t start = out.find('\n') + 1;
  while (start < out.size()) {
    const std::size_t end = out.find('\n', start);
    hex += out.substr(start + 10, 49);  // the hex columns, after "OFFSET  "
    start = end + 1;
  }
  auto bytes = parse_hex(hex);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()), payload);
}

TEST(HexRecord, TruncatedHeaderAndEmptyDatagram) {
  EXPECT_EQ(formatted(record_of("abcd", 2000, 2), OutputFormat::hex),
            "127.0.0.1:53000 2000 bytes [truncated: 2 shown]\n"
            "00000000  61 62                                             |ab|\n");
  EXPECT_EQ(formatted(record_of("", 0, 0), OutputFormat::hex), "127.0.0.1:53000 0 bytes\n");
}

TEST(RawRecord, PayloadBytesOnly) {
  const std::string_view payload("a\r\nb\0\xff", 6);
  EXPECT_EQ(formatted(record_of(payload, 6, 6), OutputFormat::raw), payload);
}

TEST(Timestamps, PrefixTextAndHexButNotJsonOrRaw) {
  const auto record = record_of("hi", 2, 2);
  EXPECT_EQ(formatted(record, OutputFormat::text, true),
            "2026-11-23T10:00:00.123456Z 127.0.0.1:53000 hi\n");
  EXPECT_TRUE(
      formatted(record, OutputFormat::hex, true).starts_with("2026-11-23T10:00:00.123456Z "));
  EXPECT_EQ(formatted(record, OutputFormat::raw, true), "hi");
  EXPECT_EQ(formatted(record, OutputFormat::json, true).front(), '{');
}

TEST(OutputFormatName, UnknownIsAUsageError) {
  EXPECT_EQ(*parse_output_format("json"), OutputFormat::json);
  auto bad = parse_output_format("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("text, hex, json or raw"), std::string::npos);
}

}  // namespace
}  // namespace dgram
