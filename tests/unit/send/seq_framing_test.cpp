#include "common/send/seq_framing.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string_view>
#include <vector>

#include "common/send/send.hpp"
#include "common/seq_header.hpp"

namespace dgram {
namespace {

std::span<const std::byte> bytes(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

std::string_view text_of(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

TEST(SeqFraming, TheHeaderGoesFirstAndThePayloadFollowsUnchanged) {
  SeqFramer framer;
  const std::uint64_t before = now_ns();
  const auto framed = framer.frame(bytes("payload"), 0x0102030405060708);
  ASSERT_EQ(framed.size(), seq_header_size + 7);
  EXPECT_EQ(text_of(framed.first(4)), "dgS1");
  // Big-endian, as the layout says.
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(framed[4 + i], std::byte(i + 1));
  const auto header = read_seq_header(framed);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->sequence, 0x0102030405060708u);
  EXPECT_GE(header->sent_ns, before);
  EXPECT_LE(header->sent_ns, now_ns());
  EXPECT_EQ(text_of(framed.subspan(seq_header_size)), "payload");
  // An empty payload is the header alone.
  EXPECT_EQ(framer.frame({}, 1).size(), seq_header_size);
}

TEST(SeqFraming, ABatchCountsOnFromItsFirstSequence) {
  SeqFramer framer;
  const std::vector<std::span<const std::byte>> batch = {bytes("a"), bytes(""), bytes("ccc")};
  const auto framed = framer.frame_all(batch, 41);
  ASSERT_EQ(framed.size(), 3u);
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < framed.size(); ++i) {
    const auto header = read_seq_header(framed[i]);
    ASSERT_TRUE(header);
    EXPECT_EQ(header->sequence, 41 + i);
    EXPECT_GE(header->sent_ns, previous);
    previous = header->sent_ns;
    EXPECT_EQ(text_of(framed[i].subspan(seq_header_size)), text_of(batch[i]));
  }
}

TEST(SeqFraming, TheHeaderCountsTowardMaxSize) {
  SendOptions options;
  options.max_size = 25;
  EXPECT_EQ(payload_room(options), 25u);
  EXPECT_TRUE(check_datagram_fits(25, options, "payload", "nothing was sent").ok());
  options.seq = true;
  EXPECT_EQ(payload_room(options), 5u);
  EXPECT_TRUE(check_datagram_fits(5, options, "payload", "nothing was sent").ok());
  const auto over = check_datagram_fits(6, options, "line 2", "nothing was sent");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().kind, ErrorKind::usage);
  EXPECT_EQ(over.error().message,
            "line 2 is 6 bytes, 26 with --seq's 20-byte header, over the limit of 25 bytes; raise "
            "--max-size or split it with --chunk (nothing was sent)");
  options.max_size = 20;
  EXPECT_EQ(payload_room(options), 0u);
  EXPECT_TRUE(check_seq_room(options).ok());  // without --chunk: an empty payload fits
  options.chunk = true;
  EXPECT_FALSE(check_seq_room(options).ok());
  options.max_size = 21;
  EXPECT_TRUE(check_seq_room(options).ok());
}

}  // namespace
}  // namespace dgram
