#include "common/line_splitter.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace dgram {
namespace {

std::span<const std::byte> bytes(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

TEST(LineSplitter, LfAndCrlfEndingsAreNotPartOfTheLine) {
  LineSplitter splitter;
  std::vector<std::string> lines;
  auto collect = [&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  };
  splitter.feed(bytes("one\r\ntwo\n\nthr"), collect);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", ""}));
  splitter.feed(bytes("ee\n"), collect);
  EXPECT_EQ(lines.back(), "three");
  EXPECT_FALSE(splitter.rest());
}

TEST(LineSplitter, LastLineWithoutEndingIsKept) {
  LineSplitter splitter;
  splitter.feed(bytes("a\nlast"), [](std::string_view) { return true; });
  EXPECT_EQ(splitter.rest(), "last");
}

TEST(LineSplitter, StopsWhenTheCallerSaysSo) {
  LineSplitter splitter;
  int calls = 0;
  EXPECT_EQ(splitter.feed(bytes("a\nb\nc\n"), [&](std::string_view) { return ++calls < 2; }),
            LineSplitter::Fed::stopped);
  EXPECT_EQ(calls, 2);
}

TEST(LineSplitter, CrAndLfInSeparateReads) {
  LineSplitter splitter;
  std::vector<std::string> lines;
  auto collect = [&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  };
  splitter.feed(bytes("one\r"), collect);
  EXPECT_TRUE(lines.empty());
  splitter.feed(bytes("\ntwo\r"), collect);
  EXPECT_EQ(lines, (std::vector<std::string>{"one"}));
  EXPECT_EQ(splitter.rest(), "two") << "a lone final CR is a line ending too";
}

TEST(LineSplitter, TooLongLineIsReportedBeforeItEnds) {
  LineSplitter splitter(8);
  auto never = [](std::string_view) { return true; };
  EXPECT_EQ(splitter.feed(bytes("12345678"), never), LineSplitter::Fed::more);
  EXPECT_EQ(splitter.feed(bytes("\r"), never), LineSplitter::Fed::more) << "room for the CR";
  EXPECT_EQ(splitter.feed(bytes("x"), never), LineSplitter::Fed::too_long);
}

TEST(LineSplitter, SkippedLineIsDroppedUpToItsEndingAndTheNextOneComesWhole) {
  LineSplitter splitter(4);
  std::vector<std::string> lines;
  auto collect = [&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  };
  EXPECT_EQ(splitter.feed(bytes("toolong"), collect), LineSplitter::Fed::too_long);
  splitter.skip_line();
  EXPECT_EQ(splitter.feed(bytes("still the same line"), collect), LineSplitter::Fed::more);
  EXPECT_EQ(splitter.feed(bytes(" end\nok\nfine"), collect), LineSplitter::Fed::more);
  EXPECT_EQ(lines, (std::vector<std::string>{"ok"}));
  EXPECT_EQ(splitter.rest(), "fine");
}

TEST(ForEachLine, WholeInputs) {
  std::vector<std::string> lines;
  for_each_line("one\r\ntwo\n\nthree", [&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  });
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "", "three"}));
  lines.clear();
  for_each_line("only\n", [&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  });
  EXPECT_EQ(lines, (std::vector<std::string>{"only"}));
}

}  // namespace
}  // namespace dgram
