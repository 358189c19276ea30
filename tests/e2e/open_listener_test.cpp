// A listener that answers (--echo, --forward, --exec) says at start when
// anyone who can reach it may use it; on loopback or with --allow it does
// not. Each run ends on its own -t, so the whole stderr is there to read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

const std::string warning_start = "dgram: warning: ";
const std::string warning_fix =
    "; to answer only some senders add --allow ADDR[/PREFIX], or listen on this host only with "
    "-b 127.0.0.1";

struct Mode {
  std::vector<std::string> args;
  std::string says;  // what the warning says the mode does
};

std::vector<Mode> answering_modes() {
  return {
      {{"--echo"}, "--echo answers anyone who can reach "},
      {{"--forward", "127.0.0.1:9"}, "--forward relays for anyone who can reach "},
      {{"--exec", "exit 0"}, "--exec runs a program for every datagram of anyone who can reach "}};
}

// `dgram listen 0 MODE EXTRA -q -t 300ms`, run to its end.
ProcessResult run_listener(const Mode& mode, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"listen", "0"};
  args.insert(args.end(), mode.args.begin(), mode.args.end());
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"-q", "-t", "300ms"});
  return run_dgram(args);
}

std::vector<std::string> warnings_in(const std::string& err) {
  std::vector<std::string> found;
  for (const std::string& line : lines_of(err)) {
    if (line.find("anyone who can reach") != std::string::npos) found.push_back(line);
  }
  return found;
}

TEST(OpenListener, AnsweringModesOnEveryAddressSaySoOnceEvenWithQuiet) {
  for (const Mode& mode : answering_modes()) {
    for (const auto& [bind, shown] :
         {std::pair{std::vector<std::string>{}, std::string("[::]:")},
          std::pair{std::vector<std::string>{"-b", "0.0.0.0"}, std::string("0.0.0.0:")},
          std::pair{std::vector<std::string>{"-b", "::"}, std::string("[::]:")}}) {
      SCOPED_TRACE(mode.args.front() + (bind.empty() ? "" : " -b " + bind.back()));
      const auto result = run_listener(mode, bind);
      const auto warnings = warnings_in(result.err);
      ASSERT_EQ(warnings.size(), 1u) << result.err;
      const std::string& line = warnings.front();
      EXPECT_TRUE(line.starts_with(warning_start + mode.says + shown)) << line;
      EXPECT_TRUE(line.ends_with(warning_fix)) << line;
      // Never an error: the run ends as the same run with --allow does.
      const auto allowed = run_listener(mode, {"--allow", "127.0.0.1"});
      EXPECT_EQ(result.exit_code, allowed.exit_code) << result.err << allowed.err;
      EXPECT_EQ(result.exit_code, 3) << result.err;
    }
  }
}

TEST(OpenListener, LoopbackOrAllowOrARecordingListenerSayNothing) {
  for (const Mode& mode : answering_modes()) {
    for (const auto& extra :
         {std::vector<std::string>{"-b", "127.0.0.1"}, std::vector<std::string>{"-b", "::1"},
          std::vector<std::string>{"--allow", "127.0.0.1"},
          std::vector<std::string>{"-b", "0.0.0.0", "--allow", "10.0.0.0/8"}}) {
      SCOPED_TRACE(mode.args.front() + " " + extra.front() + " " + extra[1]);
      const auto result = run_listener(mode, extra);
      EXPECT_TRUE(result.err.starts_with("dgram: ")) << result.err;
      EXPECT_TRUE(warnings_in(result.err).empty()) << result.err;
    }
  }
  const auto plain = run_dgram({"listen", "0", "-q", "-t", "300ms"});
  EXPECT_TRUE(warnings_in(plain.err).empty()) << plain.err;
}

}  // namespace
}  // namespace dgram::test
