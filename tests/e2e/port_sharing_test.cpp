// A listener's port is its own unless every listener asks to share it.
#include <gtest/gtest.h>

#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(PortSharing, SecondListenerOnABusyPortFailsWithExit1) {
  auto first = start_listener({"-t", "20s"});
  ASSERT_NE(first.port, 0);
  const std::string port = std::to_string(first.port);
  const auto second = run_dgram({"listen", port, "-t", "5s"});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("dgram: error: port " + port + " is already in use"), std::string::npos)
      << second.err;
}

TEST(PortSharing, ReuseCannotTakeAnExclusivePort) {
  auto first = start_listener({"-t", "20s"});
  ASSERT_NE(first.port, 0);
  const std::string port = std::to_string(first.port);
  const auto thief = run_dgram({"listen", port, "--reuse", "-t", "5s"});
  EXPECT_EQ(thief.exit_code, 1) << thief.err;
  EXPECT_NE(thief.err.find("is already in use"), std::string::npos) << thief.err;
}

TEST(PortSharing, ListenersThatAllAskForReuseShareThePort) {
  auto first = start_listener({"--reuse", "-t", "20s"});
  ASSERT_NE(first.port, 0);
  const auto second = run_dgram({"listen", std::to_string(first.port), "--reuse", "-t", "300ms"});
  // It bound and waited: the idle timeout, not a bind failure, ended it.
  EXPECT_EQ(second.exit_code, 3) << second.err;
  EXPECT_NE(second.err.find("listening on"), std::string::npos) << second.err;
}

}  // namespace
}  // namespace dgram::test
