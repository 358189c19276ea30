// `tail -f log | dgram send HOST PORT --lines`: each line leaves as soon as it
// is complete, not when the input ends. POSIX builds only (it needs a shell
// whose pipe the test holds open).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(StreamLines, EachLineLeavesBeforeTheInputEnds) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto flag =
      std::filesystem::temp_directory_path() / fmt::format("dgram-stream-{}", port_of(receiver));
  std::filesystem::remove(flag);
  // The second line is written only once the test saw the first datagram
  // (it creates `flag`); the shell waits at most 10 s for that.
  const std::string script = fmt::format(
      R"sh(flag="{}"; {{ echo one; i=0; while [ ! -f "$flag" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; echo two; }} | "{}" send 127.0.0.1 {} --lines)sh",
      flag.string(), dgram_executable(), port_of(receiver));
  Process shell = Process::start("/bin/sh", {"-c", script});
  const auto first = receive(receiver, 8s);
  std::ofstream(flag) << "go";
  ASSERT_TRUE(first) << "the first line must arrive while the input is still open";
  EXPECT_EQ(first->text(), "one");
  const auto second = receive(receiver, 10s);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->text(), "two");
  EXPECT_EQ(shell.wait(20s).exit_code, 0);
  std::filesystem::remove(flag);
}

}  // namespace
}  // namespace dgram::test
