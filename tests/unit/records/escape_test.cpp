#include "common/records/escape.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace dgram {
namespace {

std::string escaped(std::string_view raw) {
  std::string out;
  append_escaped(out, std::as_bytes(std::span(raw.data(), raw.size())));
  return out;
}

bool valid(std::string_view raw) {
  return is_valid_utf8(std::as_bytes(std::span(raw.data(), raw.size())));
}

TEST(Escape, PlainAsciiUnchanged) {
  EXPECT_EQ(escaped("Holy Guido! It's working."), "Holy Guido! It's working.");
}

TEST(Escape, TerminalEscapeSequenceIsNeutralised) {
  EXPECT_EQ(escaped("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
}

TEST(Escape, LineBreaksTabsAndNul) {
  EXPECT_EQ(escaped("a\nb\r\nc\td"), "a\\nb\\r\\nc\\td");
  EXPECT_EQ(escaped(std::string_view("x\0y", 3)), "x\\x00y");
  EXPECT_EQ(escaped("\x7f\x01"), "\\x7f\\x01");
}

TEST(Escape, BackslashIsEscapedSoOutputIsUnambiguous) {
  EXPECT_EQ(escaped("C:\\x1b"), "C:\\\\x1b");
}

TEST(Escape, ValidMultiByteUtf8IsKept) {
  EXPECT_EQ(escaped("Grüße ✓"), "Grüße ✓");
  EXPECT_EQ(escaped("日本語"), "日本語");
  EXPECT_EQ(escaped("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");  // U+1F600
}

TEST(Escape, InvalidUtf8BytesAreEscapedOneByOne) {
  EXPECT_EQ(escaped("\xff"), "\\xff");
  EXPECT_EQ(escaped("a\x80z"), "a\\x80z");                         // lone continuation byte
  EXPECT_EQ(escaped("\xc0\x80"), "\\xc0\\x80");                    // overlong NUL
  EXPECT_EQ(escaped("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");           // overlong '/'
  EXPECT_EQ(escaped("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // UTF-16 surrogate
  EXPECT_EQ(escaped("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
  EXPECT_EQ(escaped("\xe2\x9c"), "\\xe2\\x9c");                    // sequence cut short
  EXPECT_EQ(escaped("\xc3("), "\\xc3(");                           // bad continuation
}

TEST(Escape, C1ControlsAndBidiOverridesAreEscaped) {
  EXPECT_EQ(escaped("\xc2\x9b"
                    "31m"),
            "\\u009b31m");                    // C1 CSI
  EXPECT_EQ(escaped("\xc2\x85"), "\\u0085");  // NEL
  EXPECT_EQ(escaped("a\xe2\x80\xae"
                    "b"),
            "a\\u202eb");                         // right-to-left override
  EXPECT_EQ(escaped("\xe2\x80\xa8"), "\\u2028");  // line separator
}

TEST(Escape, EveryBidiControlAndLineSeparatorIsEscaped) {
  // Unicode's Bidi_Control code points (PropList.txt) and U+2028, U+2029.
  const char32_t unsafe[] = {0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b,
                             0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069};
  for (const char32_t code_point : unsafe) {
    const std::string utf8 = code_point < 0x800
                                 ? std::string{static_cast<char>(0xc0 | code_point >> 6),
                                               static_cast<char>(0x80 | (code_point & 0x3f))}
                                 : std::string{static_cast<char>(0xe0 | code_point >> 12),
                                               static_cast<char>(0x80 | (code_point >> 6 & 0x3f)),
                                               static_cast<char>(0x80 | (code_point & 0x3f))};
    EXPECT_EQ(escaped("a" + utf8 + "b"),
              fmt::format("a\\u{:04x}b", static_cast<unsigned>(code_point)));
  }
  // Their neighbours are ordinary text.
  EXPECT_EQ(escaped("\xd8\x9b"), "\xd8\x9b");          // U+061B arabic semicolon
  EXPECT_EQ(escaped("\xe2\x80\x8d"), "\xe2\x80\x8d");  // U+200D zero width joiner
  EXPECT_EQ(escaped("\xe2\x80\x90"), "\xe2\x80\x90");  // U+2010 hyphen
  EXPECT_EQ(escaped("\xe2\x81\xa5"), "\xe2\x81\xa5");  // U+2065, unassigned
}

TEST(Escape, OutputNeverContainsControlBytes) {
  std::string all;
  for (int byte = 0; byte < 256; ++byte) all += static_cast<char>(byte);
  for (const char c : escaped(all)) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE(byte < 0x20 || byte == 0x7f) << static_cast<int>(byte);
  }
}

TEST(Utf8, Validity) {
  EXPECT_TRUE(valid(""));
  EXPECT_TRUE(valid("Grüße ✓ \xF0\x9F\x98\x80"));
  EXPECT_FALSE(valid("\xff"));
  EXPECT_FALSE(valid("\xc0\x80"));
  EXPECT_FALSE(valid("\xed\xa0\x80"));
  EXPECT_FALSE(valid("\xe2\x9c"));
}

}  // namespace
}  // namespace dgram
