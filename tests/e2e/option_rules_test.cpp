// The checks dgram runs hold to the tables its help prints
// (src/common/cli/option_rules.hpp): every value range takes its ends and
// refuses one past them, naming the limit; every pair of options the table
// calls exclusive is refused together. man.RulesMatchHelp holds the man page
// and the README to the same help, so a change to a table, a check or a
// document that the others do not follow fails one of them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/cli/option_rules.hpp"
#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

// A short run of each command that reaches its checks and ends soon when
// they let it through: listen stops after 100 ms, send sends one datagram.
struct ShortRun {
  std::vector<std::string> args;
  // Where a PORT value goes: the port the command works on otherwise.
  std::size_t port_at = 0;
};

ShortRun short_run(std::string_view command, const std::string& send_port) {
  if (command == "listen") return {{"listen", "0", "-t", "100ms"}, 1};
  return {{"send", "::1", send_port, "x"}, 2};
}

// The words that give an option of the tables; what an option needs to be
// taken at all (--forward-clients needs --forward, --exec-jobs --exec).
std::vector<std::string> given(std::string_view option, const std::string& payload_file) {
  static const std::map<std::string_view, std::vector<std::string>> words = {
      {"--forward", {"--forward", "127.0.0.1:9"}},
      {"--exec", {"--exec", "exit 0"}},
      {"--watch", {"--watch", "1s"}},
      {"--file", {"--file", ""}},
      {"--replay", {"--replay", ""}},
      {"--count", {"--count", "2"}},
      {"--interval", {"--interval", "1ms"}},
      {"--rate", {"--rate", "1000"}},
  };
  const auto found = words.find(option);
  if (found == words.end()) return {std::string(option)};
  auto result = found->second;
  if (option == "--file" || option == "--replay") result[1] = payload_file;
  return result;
}

std::vector<std::string> with_value(const ShortRun& run, std::string_view option,
                                    const std::string& value) {
  std::vector<std::string> args = run.args;
  if (option == "PORT") {
    args[run.port_at] = value;
    return args;
  }
  if (option.starts_with("--forward-")) args.insert(args.end(), {"--forward", "127.0.0.1:9"});
  if (option.starts_with("--exec-")) args.insert(args.end(), {"--exec", "exit 0"});
  if (option.starts_with("--watch-")) args.insert(args.end(), {"--watch", "1s"});
  args.insert(args.end(), {std::string(option), value});
  return args;
}

TEST(OptionRules, EveryRangeTakesItsEndsAndRefusesOnePast) {
  auto receiver = bound_loopback_socket(net::Family::ipv6);
  const std::string port = std::to_string(port_of(receiver));
  for (const ValueRange& range : value_ranges) {
    SCOPED_TRACE(std::string(range.command) + " " + std::string(range.option));
    const ShortRun run = short_run(range.command, port);
    const auto over = run_dgram(with_value(run, range.option, std::to_string(range.max + 1)));
    EXPECT_EQ(over.exit_code, 2) << over.err;
    EXPECT_NE(over.err.find(std::to_string(range.max)), std::string::npos)
        << "the error names the limit: " << over.err;
    if (range.min > 0) {
      const auto under = run_dgram(with_value(run, range.option, std::to_string(range.min - 1)));
      EXPECT_EQ(under.exit_code, 2) << under.err;
    }
    // Taken: whatever the run then meets (a port in use, nothing listening,
    // the timeout), it is no usage error.
    for (const std::uint64_t end : {range.min, range.max}) {
      if (range.option == "PORT" && end == 0) continue;  // listen 0 is every run here
      const auto taken = run_dgram(with_value(run, range.option, std::to_string(end)));
      EXPECT_NE(taken.exit_code, 2) << end << ": " << taken.err;
    }
  }
}

TEST(OptionRules, EveryExclusionIsRefused) {
  auto receiver = bound_loopback_socket(net::Family::ipv6);
  const std::string port = std::to_string(port_of(receiver));
  const auto payload_file = std::filesystem::temp_directory_path() / "dgram-option-rules-test.txt";
  std::ofstream(payload_file, std::ios::binary) << "x";
  for (const Exclusion& rule : exclusions) {
    SCOPED_TRACE(std::string(rule.command) + " " + std::string(rule.option) + " with " +
                 std::string(rule.other));
    ShortRun run = short_run(rule.command, port);
    // MESSAGE is in the send run already; the other rules need none.
    const bool message = rule.option == "MESSAGE" || rule.other == "MESSAGE";
    if (rule.command == "send" && !message) run.args.pop_back();
    for (const std::string_view option : {rule.option, rule.other}) {
      if (option == "MESSAGE") continue;
      const auto words = given(option, payload_file.string());
      run.args.insert(run.args.end(), words.begin(), words.end());
    }
    const auto result = run_dgram(run.args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(lines_of(result.err).size(), 1u) << result.err;
    for (const std::string_view option : {rule.option, rule.other}) {
      EXPECT_NE(result.err.find(option), std::string::npos)
          << "names " << option << ": " << result.err;
    }
  }
  std::filesystem::remove(payload_file);
}

}  // namespace
}  // namespace dgram::test
