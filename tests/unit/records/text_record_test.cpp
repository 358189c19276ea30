#include "common/records/text_record.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace dgram {
namespace {

net::Endpoint sender() {
  net::Endpoint endpoint;
  endpoint.address = {127, 0, 0, 1};
  endpoint.port = 53000;
  return endpoint;
}

std::span<const std::byte> bytes(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

TEST(TextRecord, SenderThenPayloadOnOneLine) {
  std::string out;
  append_text_record(out, sender(), bytes("hello"), 5);
  EXPECT_EQ(out, "127.0.0.1:53000 hello\n");
}

TEST(TextRecord, HostilePayloadStaysOnOneLine) {
  std::string out;
  const std::string_view hostile = "\x1b[2J\nfake 1.2.3.4:5 line";
  append_text_record(out, sender(), bytes(hostile), hostile.size());
  EXPECT_EQ(out, "127.0.0.1:53000 \\x1b[2J\\nfake 1.2.3.4:5 line\n");
}

TEST(TextRecord, TruncatedRecordGivesShownAndTrueSize) {
  const std::string shown(1024, 'a');
  std::string out;
  append_text_record(out, sender(), bytes(shown), 2000);
  EXPECT_EQ(out, "127.0.0.1:53000 [truncated: 1024 of 2000 bytes] " + shown + "\n");
}

TEST(TextRecord, PayloadCannotFakeTheTruncationMarker) {
  std::string out;
  const std::string_view fake = "[truncated: 1 of 5 bytes] x";
  append_text_record(out, sender(), bytes(fake), fake.size());
  EXPECT_EQ(out, "127.0.0.1:53000 \\x5btruncated: 1 of 5 bytes] x\n");
}

TEST(TextRecord, EmptyDatagram) {
  std::string out;
  append_text_record(out, sender(), {}, 0);
  EXPECT_EQ(out, "127.0.0.1:53000 \n");
}

}  // namespace
}  // namespace dgram
