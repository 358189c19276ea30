// One `listen --exec` handler run on Windows: cmd.exe /d /s /c with its
// input, output, errors, environment and exit code.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "common/handler_process.hpp"
#include "handler_test_support.hpp"

namespace dgram::win32::test {
namespace {

using sys::HandlerEnd;

TEST(HandlerProcess, BatchFileInAQuotedPathEchoesItsInput) {
  // A quoted path with a space and an argument: cmd /s runs it as typed.
  const ScratchDirectory directory("dir with space");
  const fs::path batch = write_batch(directory.path() / "echo back.bat",
                                     {"@echo off", "echo arg=%1 1>&2", helper() + " cat"});
  const std::string input = "hello\r\nworld\n\tlast";
  const HandlerRun run = run_handler(request_for(quoted(batch) + " first", input));
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 0);
  EXPECT_EQ(text_of(run.result.output), input);
  EXPECT_FALSE(run.result.output_over);
  EXPECT_EQ(run.lines, (std::vector<std::string>{"arg=first "}));
  EXPECT_GT(run.result.ran.count(), 0);
}

TEST(HandlerProcess, AllByteValuesBothWays) {
  std::string input;
  for (int round = 0; round < 4; ++round) {
    for (int value = 0; value < 256; ++value) input += static_cast<char>(value);
  }
  const HandlerRun run = run_handler(request_for(helper() + " cat", input));
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(text_of(run.result.output), input);
}

TEST(HandlerProcess, EnvironmentSetAndReplaced) {
  ASSERT_TRUE(SetEnvironmentVariableW(L"DGRAM_TEST_EXISTING", L"old"));
  const ScratchDirectory directory;
  const fs::path batch = write_batch(directory.path() / "env.bat",
                                     {"@echo off", "echo x=%DGRAM_X%", "set DGRAM_TEST_EXISTING"});
  sys::HandlerRequest request = request_for(quoted(batch));
  request.environment = {{"DGRAM_X", "10.0.0.1 5000"}, {"dgram_test_existing", "new"}};
  const HandlerRun run = run_handler(request);
  SetEnvironmentVariableW(L"DGRAM_TEST_EXISTING", nullptr);
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  // Replaced, not added beside: `set` lists one.
  EXPECT_EQ(text_of(run.result.output), "x=10.0.0.1 5000\r\ndgram_test_existing=new\r\n");
}

TEST(HandlerProcess, EnvironmentValuesBeyondAscii) {
  sys::HandlerRequest request = request_for(helper() + " env DGRAM_TEXT");
  const std::string value = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";  // é, €, U+1F600
  request.environment = {{"DGRAM_TEXT", value}};
  const HandlerRun run = run_handler(request);
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(text_of(run.result.output), value);
}

TEST(HandlerProcess, ExitCode) {
  const ScratchDirectory directory;
  const fs::path batch = write_batch(directory.path() / "three.bat", {"@exit /b 3"});
  HandlerRun run = run_handler(request_for(quoted(batch)));
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 3);
  EXPECT_FALSE(sys::means_not_found(run.result));
  sys::HandlerRequest request = request_for("exit /b 0");
  request.timeout = std::chrono::milliseconds::max();  // no overflow: no limit
  run = run_handler(request);
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 0);
}

TEST(HandlerProcess, CommandNotFound) {
  const HandlerRun run = run_handler(request_for("no-such-handler-xyz"));
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 9009);
  EXPECT_TRUE(sys::means_not_found(run.result));
  // Windows: "'no-such-handler-xyz' is not recognized as an internal or
  // external command,"; Wine: "Can't recognize 'no-such-handler-xyz' as an
  // internal or external command, or batch script."
  ASSERT_FALSE(run.lines.empty());
  EXPECT_NE(run.lines[0].find("no-such-handler-xyz"), std::string::npos) << run.lines[0];
  EXPECT_NE(run.lines[0].find("internal or external command"), std::string::npos) << run.lines[0];
}

TEST(HandlerProcess, ErrorLinesWithoutTheirEnds) {
  const HandlerRun run = run_handler(request_for(">&2 echo first& >&2 echo second& echo out"));
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.lines, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(text_of(run.result.output), "out\r\n");
}

TEST(HandlerProcess, ManyErrorLinesToASlowSinkAllInOrder) {
  // 200 KB of standard error while the sink is slow: the reader waits for
  // the sink (a bounded backlog), and nothing is lost or reordered.
  sys::HandlerProcess process;
  std::vector<std::string> lines;
  const sys::HandlerResult result =
      process.run(request_for(helper() + " errors 2000"), [&](std::string_view line) {
        if (lines.empty()) std::this_thread::sleep_for(500ms);
        lines.emplace_back(line);
      });
  EXPECT_EQ(result.end, HandlerEnd::exited);
  ASSERT_EQ(lines.size(), 2000u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    ASSERT_EQ(lines[i].size(), 98u);
    ASSERT_EQ(std::stoul(lines[i]), i);
  }
}

TEST(HandlerProcess, OutputOverTheLimitReadAndDropped) {
  sys::HandlerRequest request =
      request_for("for /l %i in (1,1,1000) do @echo 0123456789abcdefghijklmnopqrstuvwxyz");
  request.output_most = 1000;
  const HandlerRun run = run_handler(request);
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.result.code, 0);
  EXPECT_TRUE(run.result.output_over);
  ASSERT_EQ(run.result.output.size(), 1000u);
  std::string expected;
  while (expected.size() < 1000) expected += "0123456789abcdefghijklmnopqrstuvwxyz\r\n";
  EXPECT_EQ(text_of(run.result.output), expected.substr(0, 1000));
}

TEST(HandlerProcess, InputItNeverReadsDoesNotHoldTheRun) {
  const std::string input(1 << 20, 'x');  // more than a pipe holds
  const HandlerRun run = run_handler(request_for("echo ignored", input));
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(text_of(run.result.output), "ignored\r\n");
}

TEST(HandlerProcess, ShellThatCannotStart) {
  wchar_t saved[MAX_PATH] = {};
  const DWORD saved_length = GetEnvironmentVariableW(L"ComSpec", saved, MAX_PATH);
  SetEnvironmentVariableW(L"ComSpec", L"C:\\no\\such\\dir\\cmd.exe");
  const HandlerRun run = run_handler(request_for("echo never"));
  SetEnvironmentVariableW(L"ComSpec", saved_length > 0 ? saved : nullptr);
  EXPECT_EQ(run.result.end, HandlerEnd::not_started);
  EXPECT_NE(run.result.error.find("C:\\no\\such\\dir\\cmd.exe"), std::string::npos)
      << run.result.error;
  EXPECT_NE(run.result.error.find("(error "), std::string::npos) << run.result.error;
  EXPECT_TRUE(run.result.output.empty());
}

}  // namespace
}  // namespace dgram::win32::test
