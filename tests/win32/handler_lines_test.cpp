// The pieces of a Windows handler run that need no process: standard
// error's lines, the environment block, the command line.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/handler_process.hpp"
#include "win32/handler_launch_win32.hpp"
#include "win32/handler_streams_win32.hpp"
#include "win32/utf16.hpp"
#include "win32/winsock_headers.hpp"

namespace dgram::win32 {
namespace {

std::vector<std::string> lines_of(std::initializer_list<std::string_view> pieces) {
  std::vector<std::string> lines;
  const sys::ErrorLineSink sink = [&](std::string_view line) { lines.emplace_back(line); };
  ErrorLines splitter(sink);
  for (std::string_view piece : pieces) splitter.add(piece);
  splitter.finish();
  return lines;
}

TEST(HandlerErrorLines, EndsStrippedLastLineAtTheEnd) {
  EXPECT_EQ(lines_of({"a\r\nb\n\r\n", "c"}), (std::vector<std::string>{"a", "b", "", "c"}));
  // A line end split between two reads.
  EXPECT_EQ(lines_of({"one\r", "\ntwo\r", "\n"}), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(lines_of({"a\rb\n"}), (std::vector<std::string>{"a\rb"}));
  EXPECT_TRUE(lines_of({""}).empty());
}

TEST(HandlerErrorLines, LongLinesInPieces) {
  const std::size_t most = sys::error_line_most;
  const std::string piece(most, 'x');
  EXPECT_EQ(lines_of({piece + "yz\n"}), (std::vector<std::string>{piece, "yz"}));
  // Exactly a piece long, its "\r\n" in the next read: one line.
  EXPECT_EQ(lines_of({piece + "\r", "\n"}), (std::vector<std::string>{piece}));
  EXPECT_EQ(lines_of({piece, "\r\n"}), (std::vector<std::string>{piece}));
  // Pieces go as they come, before the line ends.
  std::vector<std::string> seen;
  const sys::ErrorLineSink sink = [&](std::string_view line) { seen.emplace_back(line); };
  ErrorLines splitter(sink);
  splitter.add(piece + piece + "ab");
  EXPECT_EQ(seen.size(), 2u);
  splitter.finish();
  EXPECT_EQ(seen, (std::vector<std::string>{piece, piece, "ab"}));
}

std::vector<std::wstring> entries_of(const std::vector<wchar_t>& block) {
  std::vector<std::wstring> entries;
  for (const wchar_t* entry = block.data(); *entry != L'\0'; entry += entries.back().size() + 1) {
    entries.emplace_back(entry);
  }
  return entries;
}

TEST(HandlerEnvironment, SetReplacedSortedDoubleNulTerminated) {
  ASSERT_TRUE(SetEnvironmentVariableW(L"DGRAM_TEST_OLD", L"old"));
  const std::vector<wchar_t> block =
      environment_block({{"dgram_test_old", "new"}, {"DGRAM_TEST_A", "a b=c"}});
  SetEnvironmentVariableW(L"DGRAM_TEST_OLD", nullptr);
  ASSERT_GE(block.size(), 2u);
  EXPECT_EQ(block[block.size() - 1], L'\0');
  EXPECT_EQ(block[block.size() - 2], L'\0');
  const std::vector<std::wstring> entries = entries_of(block);
  int old_entries = 0;
  bool found_a = false;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (CompareStringOrdinal(entries[i].c_str(), 15, L"DGRAM_TEST_OLD=", 15, TRUE) == CSTR_EQUAL) {
      ++old_entries;
      EXPECT_EQ(entries[i], L"dgram_test_old=new");
    }
    found_a = found_a || entries[i] == L"DGRAM_TEST_A=a b=c";
    if (i > 0) {
      const std::wstring_view before(entries[i - 1]), here(entries[i]);
      const auto name = [](std::wstring_view entry) {
        return entry.substr(0, entry.find(L'=', 1));
      };
      EXPECT_NE(CompareStringOrdinal(name(before).data(), static_cast<int>(name(before).size()),
                                     name(here).data(), static_cast<int>(name(here).size()), TRUE),
                CSTR_GREATER_THAN)
          << "out of order";
    }
  }
  EXPECT_EQ(old_entries, 1);
  EXPECT_TRUE(found_a);
}

TEST(HandlerCommandLine, ShellQuotedCommandInOuterQuotes) {
  EXPECT_EQ(handler_command_line(L"C:\\Windows\\system32\\cmd.exe", "\"C:\\a b\\h.bat\" x"),
            L"\"C:\\Windows\\system32\\cmd.exe\" /d /s /c \"\"C:\\a b\\h.bat\" x\"");
  EXPECT_EQ(sys::handler_shell(), "cmd.exe /d /s /c");
}

TEST(HandlerCommandLine, ShellIsComSpecElseSystemCmd) {
  wchar_t saved[MAX_PATH] = {};
  const DWORD saved_length = GetEnvironmentVariableW(L"ComSpec", saved, MAX_PATH);
  SetEnvironmentVariableW(L"ComSpec", L"C:\\elsewhere\\cmd.exe");
  EXPECT_EQ(shell_path(), L"C:\\elsewhere\\cmd.exe");
  SetEnvironmentVariableW(L"ComSpec", nullptr);
  const std::wstring system_cmd = shell_path();
  SetEnvironmentVariableW(L"ComSpec", saved_length > 0 ? saved : nullptr);
  EXPECT_GT(system_cmd.size(), 8u);
  EXPECT_EQ(
      CompareStringOrdinal(system_cmd.c_str() + system_cmd.size() - 8, 8, L"\\cmd.exe", 8, TRUE),
      CSTR_EQUAL)
      << to_utf8(system_cmd);
}

}  // namespace
}  // namespace dgram::win32
