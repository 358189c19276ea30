#include "common/limits.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace dgram {
namespace {

std::vector<std::byte> filled(std::size_t size) {
  std::vector<std::byte> bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::byte>(i & 0xff);
  return bytes;
}

TEST(MaxSize, ProtocolCeilingsPerFamily) {
  EXPECT_TRUE(check_max_size(65507, net::Family::ipv4).ok());
  EXPECT_FALSE(check_max_size(65508, net::Family::ipv4).ok());
  EXPECT_TRUE(check_max_size(65527, net::Family::ipv6).ok());
  auto too_big = check_max_size(65528, net::Family::ipv6);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().kind, ErrorKind::usage);
  EXPECT_NE(too_big.error().message.find("65527"), std::string::npos);
}

TEST(MaxSize, AnIpv4MappedPeerHasTheIpv4Ceiling) {
  const auto mapped = net::parse_address("::ffff:127.0.0.1");
  ASSERT_TRUE(mapped);
  EXPECT_TRUE(check_max_size(65507, *mapped).ok());
  auto too_big = check_max_size(65527, *mapped);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().kind, ErrorKind::usage);
  EXPECT_NE(too_big.error().message.find("IPv4 limit of 65507"), std::string::npos)
      << too_big.error().message;
  EXPECT_NE(too_big.error().message.find("::ffff:127.0.0.1 is an IPv4 address"), std::string::npos)
      << too_big.error().message;
  const auto native = net::parse_address("::1");
  ASSERT_TRUE(native);
  EXPECT_TRUE(check_max_size(65527, *native).ok());
  EXPECT_FALSE(check_max_size(65528, *native).ok());
  const auto ipv4 = net::parse_address("127.0.0.1");
  ASSERT_TRUE(ipv4);
  EXPECT_FALSE(check_max_size(65508, *ipv4).ok());
}

TEST(PayloadFits, NamesBothSizesAndTheWayOut) {
  EXPECT_TRUE(check_payload_fits(1024, 1024, "payload", "nothing was sent").ok());
  EXPECT_TRUE(check_payload_fits(0, 1024, "payload", "nothing was sent").ok());
  auto over = check_payload_fits(2000, 1024, "line 3", "earlier lines were sent");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().kind, ErrorKind::usage);
  EXPECT_EQ(over.error().message,
            "line 3 is 2000 bytes, over the limit of 1024 bytes; raise --max-size or split it "
            "with --chunk (earlier lines were sent)");
  for (const char* part : {"2000", "1024", "--max-size", "--chunk"}) {
    EXPECT_NE(over.error().message.find(part), std::string::npos) << part;
  }
}

TEST(SplitIntoChunks, TwoThousandBytesAre1024And976InOrder) {
  const auto payload = filled(2000);
  const auto chunks = split_into_chunks(payload, 1024);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].size(), 1024u);
  EXPECT_EQ(chunks[1].size(), 976u);
  EXPECT_EQ(chunks[0].data(), payload.data());
  EXPECT_EQ(chunks[1].data(), payload.data() + 1024);
}

TEST(SplitIntoChunks, ExactMultipleHasNoEmptyTail) {
  const auto payload = filled(3072);
  const auto chunks = split_into_chunks(payload, 1024);
  ASSERT_EQ(chunks.size(), 3u);
  for (const auto& chunk : chunks) EXPECT_EQ(chunk.size(), 1024u);
}

TEST(SplitIntoChunks, SmallAndEmptyPayloadsAreOneDatagram) {
  const auto small = filled(10);
  ASSERT_EQ(split_into_chunks(small, 1024).size(), 1u);
  EXPECT_EQ(split_into_chunks(small, 1024)[0].size(), 10u);
  const std::vector<std::byte> empty;
  const auto chunks = split_into_chunks(empty, 1024);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_TRUE(chunks[0].empty());
}

}  // namespace
}  // namespace dgram
