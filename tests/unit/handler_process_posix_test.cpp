// A handler's streams, environment and end, through real /bin/sh processes
// (src/posix/handler_process_posix.cpp).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "support/loopback.hpp"
#include "unit/handler_run_posix.hpp"

namespace dgram {
namespace {

using sys::HandlerEnd;
using test::run_handler;

TEST(HandlerProcess, ItsOutputIsWhatItMadeOfItsInput) {
  const auto run = run_handler("tr a-z A-Z", "hello");
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 0);
  EXPECT_EQ(run.output(), "HELLO");
  EXPECT_FALSE(run.result.output_over);
  EXPECT_GT(run.result.ran.count(), 0);
  EXPECT_TRUE(run.error_lines.empty());
}

TEST(HandlerProcess, EveryByteValueGoesThroughUnchanged) {
  std::string all;
  for (int value = 0; value < 256; ++value) all.push_back(static_cast<char>(value));
  const auto run = run_handler("cat", all);
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.output(), all);
}

TEST(HandlerProcess, TheLargestDatagramGoesInAndComesOutWhileTheHandlerWrites) {
  // Bigger than a pipe's buffer on some systems: cat writes while dgram is
  // still writing, so both directions must move at once.
  const auto payload = test::pattern(65'507);
  const std::string text(reinterpret_cast<const char*>(payload.data()), payload.size());
  const auto run = run_handler("cat", text);
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_FALSE(run.result.output_over);
  EXPECT_TRUE(run.output() == text) << "got " << run.output().size() << " bytes";
}

TEST(HandlerProcess, AHandlerThatDoesNotReadItsInputIsNoError) {
  const auto payload = test::pattern(65'507);
  const std::string text(reinterpret_cast<const char*>(payload.data()), payload.size());
  const auto run = run_handler("exec 0<&-; echo done", text);
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 0);
  EXPECT_EQ(run.output(), "done\n");
}

TEST(HandlerProcess, ItsVariablesAreSetOrReplacedAndTheRestInherited) {
  ASSERT_EQ(setenv("DGRAM_HANDLER_TEST_OLD", "old", 1), 0);
  auto request = test::handler_request(
      R"(printf '%s|%s|%s' "$DGRAM_X" "$DGRAM_HANDLER_TEST_OLD" "$DGRAM_HANDLER_TEST_KEPT")");
  request.environment = {{"DGRAM_X", "a b=c"}, {"DGRAM_HANDLER_TEST_OLD", "new"}};
  ASSERT_EQ(setenv("DGRAM_HANDLER_TEST_KEPT", "kept", 1), 0);
  const auto run = test::run_handler(request);
  unsetenv("DGRAM_HANDLER_TEST_OLD");
  unsetenv("DGRAM_HANDLER_TEST_KEPT");
  EXPECT_EQ(run.output(), "a b=c|new|kept");
}

TEST(HandlerProcess, ItsExitStatusIsTheCode) {
  const auto run = run_handler("exit 3");
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 3);
  EXPECT_FALSE(sys::means_not_found(run.result));
}

TEST(HandlerProcess, ItsExitStatusIsKeptWhenDgramsParentIgnoredChildStatuses) {
  // Ignored, SIGCHLD would make the kernel reap the shell before its status
  // is read.
  signal(SIGCHLD, SIG_IGN);
  const auto run = run_handler("exit 3");
  signal(SIGCHLD, SIG_DFL);
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 3);
}

TEST(HandlerProcess, ASignalThatEndsItIsSaid) {
  const auto run = run_handler("kill -TERM $$");
  EXPECT_EQ(run.result.end, HandlerEnd::signalled);
  EXPECT_EQ(run.result.code, SIGTERM);
}

TEST(HandlerProcess, ACommandNotFoundIsTheShells127AndItsMessage) {
  const auto run = run_handler("./no-such-handler-xyz");
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 127);
  EXPECT_TRUE(sys::means_not_found(run.result));
  ASSERT_EQ(run.error_lines.size(), 1u);
  EXPECT_NE(run.error_lines[0].find("no-such-handler-xyz"), std::string::npos)
      << run.error_lines[0];
  EXPECT_EQ(sys::handler_shell(), "/bin/sh -c");
}

TEST(HandlerProcess, StandardErrorComesLineByLineWithoutLineEnds) {
  // A 10,000-byte line in pieces; a line of exactly error_line_most bytes
  // whose "\r\n" comes in a write of its own stays one piece.
  const auto run = run_handler(
      "exec >&2; printf 'one\\ntwo\\r\\n\\n'; head -c 10000 /dev/zero | tr '\\000' x; "
      "printf '\\n'; head -c 4096 /dev/zero | tr '\\000' y; printf '\\r'; printf '\\n'; "
      "printf 'last'");
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  const auto& lines = run.error_lines;
  ASSERT_GE(lines.size(), 6u);
  EXPECT_EQ(lines[0], "one");
  EXPECT_EQ(lines[1], "two");
  EXPECT_EQ(lines[2], "");
  std::string long_line;
  std::size_t i = 3;
  for (; i < lines.size() && lines[i].starts_with('x'); ++i) {
    EXPECT_LE(lines[i].size(), sys::error_line_most);
    long_line += lines[i];
  }
  EXPECT_EQ(long_line, std::string(10'000, 'x'));
  ASSERT_EQ(lines.size(), i + 2);
  EXPECT_EQ(lines[i], std::string(4096, 'y'));
  EXPECT_EQ(lines[i + 1], "last");
}

TEST(HandlerProcess, OutputOverTheBoundIsReadAndDropped) {
  auto request = test::handler_request("head -c 100000 /dev/zero");
  request.output_most = 1000;
  const auto run = test::run_handler(request);
  // Not blocked on a full pipe: it ends on its own, well before the bound.
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 0);
  EXPECT_EQ(run.result.output.size(), 1000u);
  EXPECT_TRUE(run.result.output_over);
  EXPECT_LT(run.result.ran, std::chrono::seconds(30));
}

TEST(HandlerProcess, OutputOfExactlyTheBoundIsNotOver) {
  auto request = test::handler_request("printf 12345");
  request.output_most = 5;
  const auto run = test::run_handler(request);
  EXPECT_EQ(run.output(), "12345");
  EXPECT_FALSE(run.result.output_over);
}

}  // namespace
}  // namespace dgram
