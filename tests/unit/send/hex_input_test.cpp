#include "common/send/hex_input.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

std::string decoded(std::string_view hex) {
  auto bytes = parse_hex(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  if (!bytes) return {};
  return {reinterpret_cast<const char*>(bytes->data()), bytes->size()};
}

TEST(HexInput, AcceptsTheDocumentedSpellings) {
  EXPECT_EQ(decoded("48 65 6c 6c 6f"), "Hello");
  EXPECT_EQ(decoded("48656c6c6f"), "Hello");
  EXPECT_EQ(decoded("48:65:6C:6c:6F"), "Hello");
  EXPECT_EQ(decoded(" 48\t65\r\n6c "), "Hel");
  EXPECT_EQ(decoded(""), "");
  EXPECT_EQ(decoded("00ff"), std::string("\0\xff", 2));
}

TEST(HexInput, BadCharacterIsNamedWithItsPosition) {
  auto bad = parse_hex("48 6g");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::usage);
  EXPECT_NE(bad.error().message.find("position 5: 'g' is not a hex digit"), std::string::npos)
      << bad.error().message;
  auto control = parse_hex("4\x01");
  ASSERT_FALSE(control.ok());
  EXPECT_NE(control.error().message.find("byte 0x01"), std::string::npos);
}

TEST(HexInput, OddDigitCountIsAnError) {
  auto odd = parse_hex("48 656");
  ASSERT_FALSE(odd.ok());
  EXPECT_NE(odd.error().message.find("position 6: odd number of hex digits"), std::string::npos)
      << odd.error().message;
  auto split = parse_hex("4 8");
  ASSERT_FALSE(split.ok());
  EXPECT_NE(split.error().message.find("position 1"), std::string::npos);
}

TEST(HexInput, RoundTripsEveryByte) {
  std::string hex;
  static constexpr char digits[] = "0123456789ABCDEF";
  for (int byte = 0; byte < 256; ++byte) {
    hex += digits[byte >> 4];
    hex += digits[byte & 15];
    hex += byte % 2 ? ":" : " ";
  }
  const std::string bytes = decoded(hex);
  ASSERT_EQ(bytes.size(), 256u);
  for (std::size_t byte = 0; byte < 256; ++byte) {
    EXPECT_EQ(static_cast<unsigned char>(bytes[byte]), byte);
  }
}

}  // namespace
}  // namespace dgram
