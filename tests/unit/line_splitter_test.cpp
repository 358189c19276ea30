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
  EXPECT_FALSE(splitter.feed(bytes("a\nb\nc\n"), [&](std::string_view) { return ++calls < 2; }));
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace dgram
