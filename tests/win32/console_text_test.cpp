// Console text: what ReadConsoleW gives becomes what a POSIX terminal
// gives, and a UTF-8 character cut between two writes is written whole.
#include <gtest/gtest.h>

#include "win32/console_text.hpp"

namespace dgram::win32 {
namespace {

TEST(ConsoleInput, LinesEndInNewlineAsOnPosix) {
  ConsoleInput input;
  const auto taken = input.take(L"one\r\ntwo\r\n");
  EXPECT_EQ(taken.text, "one\ntwo\n");
  EXPECT_FALSE(taken.ended);
}

TEST(ConsoleInput, CarriageReturnAtTheEndOfAReadWaitsForTheNext) {
  ConsoleInput input;
  EXPECT_EQ(input.take(L"abc\r").text, "abc");
  EXPECT_EQ(input.take(L"\ndef").text, "\ndef");
  EXPECT_EQ(input.take(L"\r").text, "");
  EXPECT_EQ(input.finish(), "\r");
}

TEST(ConsoleInput, TextIsUtf8EvenWhenASurrogatePairIsSplit) {
  ConsoleInput input;
  const std::wstring face = L"\U0001F600";
  ASSERT_EQ(face.size(), 2u);
  EXPECT_EQ(input.take(L"Gr\u00fc\u00dfe " + face.substr(0, 1)).text,
            "Gr\xc3\xbc\xc3\x9f"
            "e ");
  EXPECT_EQ(input.take(face.substr(1) + L"\r\n").text, "\xf0\x9f\x98\x80\n");
}

TEST(ConsoleInput, CtrlZStartingALineEndsTheInput) {
  ConsoleInput input;
  EXPECT_FALSE(input
                   .take(L"a\x1a"
                         L"b\r\n")
                   .ended)
      << "inside a line it is text";
  const auto taken = input.take(L"last\r\n\x1a\r\nnever");
  EXPECT_EQ(taken.text, "last\n");
  EXPECT_TRUE(taken.ended);
  ConsoleInput first;
  EXPECT_TRUE(first.take(L"\x1a\r\n").ended);
}

TEST(CompleteUtf8Length, StopsBeforeACutSequence) {
  EXPECT_EQ(complete_utf8_length(""), 0u);
  EXPECT_EQ(complete_utf8_length("abc"), 3u);
  EXPECT_EQ(complete_utf8_length("a\xc3\xbc"), 3u);
  EXPECT_EQ(complete_utf8_length("a\xc3"), 1u);
  EXPECT_EQ(complete_utf8_length("a\xe2\x9c"), 1u);
  EXPECT_EQ(complete_utf8_length("a\xe2\x9c\x93"), 4u);
  EXPECT_EQ(complete_utf8_length("a\xf0\x9f\x98"), 1u);
  EXPECT_EQ(complete_utf8_length("a\xf0\x9f\x98\x80"), 5u);
  // Stray continuation bytes are not waited for (they show as U+FFFD).
  EXPECT_EQ(complete_utf8_length("a\x80\x80\x80\x80"), 5u);
}

}  // namespace
}  // namespace dgram::win32
