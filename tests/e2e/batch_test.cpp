// dgram.exe driven from a real cmd.exe batch file, the way Windows users
// script it: every outcome must reach %ERRORLEVEL%. Windows builds only.
#include <gtest/gtest.h>

#include <map>

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

}  // namespace
}  // namespace dgram::test
