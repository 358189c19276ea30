// Outputs that fail: a full disk is an error (exit 1, said on stderr), a
// closed stderr is no crash. POSIX only: they need /dev/full and a shell.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

// Runs `dgram ARGS` through /bin/sh with `redirection` appended.
ProcessResult run_in_shell(const std::string& args, const std::string& redirection) {
  Process shell = Process::start(
      "/bin/sh", {"-c", fmt::format("\"{}\" {} {}", dgram_executable(), args, redirection)});
  return shell.wait(20s);
}

class OutputFailure : public testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/dev/full") || !std::filesystem::exists("/bin/sh")) {
      GTEST_SKIP() << "needs /dev/full and /bin/sh (POSIX)";
    }
  }
};

TEST_F(OutputFailure, FullStdoutIsAnErrorNotSilentLoss) {
  auto listener = Process::start(
      "/bin/sh",
      {"-c", fmt::format("\"{}\" listen 0 -4 -n 1 -t 20s >/dev/full", dgram_executable())});
  ASSERT_TRUE(listener.wait_for_stderr("listening on 0.0.0.0:", 20s));
  const std::string err = listener.stderr_text();
  const std::string port = err.substr(err.rfind(':') + 1, err.find('\n') - err.rfind(':') - 1);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender
                  .send_to(bytes_of("lost?"),
                           loopback(net::Family::ipv4, static_cast<std::uint16_t>(std::stoi(port))))
                  .ok());
  const auto result = listener.wait(20s);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("dgram: error: cannot write the output"), std::string::npos)
      << result.err;
}

TEST_F(OutputFailure, ClosedStderrStillGivesTheExitCode) {
  EXPECT_EQ(run_in_shell("listen 0 -t 100ms", "2>&-").exit_code, 3);
  EXPECT_EQ(run_in_shell("send 127.0.0.1 0 x", "2>/dev/full").exit_code, 2);
}

}  // namespace
}  // namespace dgram::test
