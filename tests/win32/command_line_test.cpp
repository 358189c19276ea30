// The command line split as the Microsoft C runtime (2008 and later) splits
// it: the examples of Microsoft's "Parsing C++ command-line arguments" and
// the cases batch files run into.
#include <gtest/gtest.h>

#include "win32/command_line.hpp"

namespace dgram::win32 {
namespace {

using Args = std::vector<std::wstring>;

TEST(CommandLine, MicrosoftsExamples) {
  EXPECT_EQ(split_command_line(LR"(p "abc" d e)"), (Args{L"p", L"abc", L"d", L"e"}));
  EXPECT_EQ(split_command_line(LR"(p a\\b d"e f"g h)"), (Args{L"p", LR"(a\\b)", L"de fg", L"h"}));
  EXPECT_EQ(split_command_line(LR"(p a\\\"b c d)"), (Args{L"p", LR"(a\"b)", L"c", L"d"}));
  EXPECT_EQ(split_command_line(LR"(p a\\\\"b c" d e)"), (Args{L"p", LR"(a\\b c)", L"d", L"e"}));
  EXPECT_EQ(split_command_line(LR"(p a"b"" c d)"), (Args{L"p", LR"(ab" c d)"}));
}

TEST(CommandLine, DoubledQuoteInsideQuotesIsOneQuote) {
  // The batch file idiom: "a ""b"" c" is the one argument a "b" c.
  EXPECT_EQ(split_command_line(LR"(p send "a ""b"" c")"), (Args{L"p", L"send", LR"(a "b" c)"}));
  EXPECT_EQ(split_command_line(LR"(p """")"), (Args{L"p", L"\""}));
}

TEST(CommandLine, EmptyArgumentsAreKept) {
  EXPECT_EQ(split_command_line(LR"(p "" x "")"), (Args{L"p", L"", L"x", L""}));
  EXPECT_EQ(split_command_line(L"p \t "), (Args{L"p"}));
}

TEST(CommandLine, BackslashesAreLiteralUnlessBeforeAQuote) {
  EXPECT_EQ(split_command_line(LR"(p C:\dir\file \\server\share)"),
            (Args{L"p", LR"(C:\dir\file)", LR"(\\server\share)"}));
  // A quoted path ending in a backslash needs it doubled.
  EXPECT_EQ(split_command_line(LR"(p "C:\my dir\\" next)"),
            (Args{L"p", LR"(C:\my dir\)", L"next"}));
  EXPECT_EQ(split_command_line(LR"(p \"x\")"), (Args{L"p", LR"("x")"}));
}

TEST(CommandLine, ProgramNameHasNoEscapes) {
  EXPECT_EQ(split_command_line(LR"("C:\Program Files\dgram\" send)"),
            (Args{LR"(C:\Program Files\dgram\)", L"send"}));
  EXPECT_EQ(split_command_line(LR"(C:\a" b"\dgram.exe x)"), (Args{LR"(C:\a b\dgram.exe)", L"x"}));
  EXPECT_EQ(split_command_line(L""), (Args{L""}));
}

TEST(CommandLine, TabsSeparateAndTextIsKeptWhole) {
  EXPECT_EQ(split_command_line(L"p\ta\t\tb"), (Args{L"p", L"a", L"b"}));
  EXPECT_EQ(split_command_line(L"p \"Gr\u00fc\u00dfe \u2713\" \U0001F600"),
            (Args{L"p", L"Gr\u00fc\u00dfe \u2713", L"\U0001F600"}));
  // An unclosed quote runs to the end.
  EXPECT_EQ(split_command_line(LR"(p "a b)"), (Args{L"p", L"a b"}));
}

}  // namespace
}  // namespace dgram::win32
