// dgram.exe driven from a real cmd.exe batch file, the way Windows users
// script it: every outcome must reach %ERRORLEVEL%. Windows builds only.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(Batch, ErrorLevelCarriesEveryExitCode) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  std::string script = dgram_executable();
  script.replace(script.rfind("dgram.exe"), std::string::npos, "exit_codes.bat");
  Process cmd = Process::start("cmd.exe", {"/c", script, std::to_string(port_of(receiver))});
  const ProcessResult result = cmd.wait(60s);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;

  std::map<std::string, std::string> levels;
  for (const std::string& line : lines_of(result.out)) {
    const std::size_t space = line.find(' ');
    if (space != std::string::npos) levels[line.substr(0, space)] = line.substr(space + 1);
  }
  EXPECT_EQ(levels["success"], "0") << result.out;
  EXPECT_EQ(levels["bad_port"], "2") << result.out;
  EXPECT_EQ(levels["oversize"], "2") << result.out;
  EXPECT_EQ(levels["listen_timeout"], "3") << result.out;
  EXPECT_EQ(levels["unresolvable"], "1") << result.out;

  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->text(), "from batch");
  EXPECT_FALSE(receive(receiver, 300ms)) << "the oversize payload must not be sent";
}

TEST(Batch, ArgumentsAreSplitAsTheMsvcRuntimeSplitsThem) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  std::string script = dgram_executable();
  script.replace(script.rfind("dgram.exe"), std::string::npos, "quoting.bat");
  // The last case comes in as the batch file's %2: non-ASCII text through
  // cmd.exe's own command line.
  const std::string passed = "Gr\u00fc\u00dfe \u2713 \U0001F600";
  Process cmd =
      Process::start("cmd.exe", {"/c", script, std::to_string(port_of(receiver)), passed});
  const ProcessResult result = cmd.wait(60s);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  // What each line of quoting.bat must send, in order.
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"doubled_quotes", "a \"b\" c"},
      {"escaped_quotes", "say \"hi\" twice"},
      {"backslash_before_quote", "C:\\my dir\\"},
      {"literal_backslashes", "\\\\server\\share\\a\\\\b"},
      {"quotes_inside_a_word", "prequoted  partpost"},
      {"empty_argument", ""},
      {"passed_through", passed},
      {"slash_word", "/status"},
      {"slash_hex_flag", "/x"},
      {"slash_help", "/help"},
      {"slash_quoted", "/quoted path"},
      {"slash_value", "/m:5"},
  };
  for (const auto& [name, text] : expected) {
    EXPECT_NE(result.out.find(name + " 0"), std::string::npos) << name << "\n" << result.out;
    const auto got = receive(receiver);
    ASSERT_TRUE(got) << name << ": nothing arrived\n" << result.out << result.err;
    EXPECT_EQ(got->text(), text) << name;
  }
  EXPECT_FALSE(receive(receiver, 300ms)) << "one datagram per line of quoting.bat";
}

}  // namespace
}  // namespace dgram::test
