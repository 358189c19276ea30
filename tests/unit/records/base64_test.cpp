#include "common/records/base64.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace dgram {
namespace {

std::string encoded(std::string_view raw) {
  std::string out;
  append_base64(out, std::as_bytes(std::span(raw.data(), raw.size())));
  return out;
}

TEST(Base64, Rfc4648TestVectors) {
  EXPECT_EQ(encoded(""), "");
  EXPECT_EQ(encoded("f"), "Zg==");
  EXPECT_EQ(encoded("fo"), "Zm8=");
  EXPECT_EQ(encoded("foo"), "Zm9v");
  EXPECT_EQ(encoded("foob"), "Zm9vYg==");
  EXPECT_EQ(encoded("fooba"), "Zm9vYmE=");
  EXPECT_EQ(encoded("foobar"), "Zm9vYmFy");
}

TEST(Base64, BinaryBytes) { EXPECT_EQ(encoded(std::string_view("\xff\x00\xfe", 3)), "/wD+"); }

}  // namespace
}  // namespace dgram
