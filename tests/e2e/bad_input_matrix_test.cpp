// Every bad invocation of the real binary: the documented exit code, exactly
// one `dgram: error:` line that names the problem, and nothing sent (checked
// by receivers on the ports the invocations name).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

struct BadInput {
  std::vector<std::string> args;  // "{port}": the IPv4 receiver's port, "{port6}": the IPv6 one's
  int exit_code;
  std::string names;  // a part of the error line
  std::string input = {};
};

std::vector<BadInput> bad_inputs() {
  const std::string dir = std::filesystem::temp_directory_path().string();
  const std::string missing =
      (std::filesystem::temp_directory_path() / "dgram-no-such-file").string();
  return {
      // Ports
      {{"send", "127.0.0.1", "0", "x"}, 2, "invalid port '0'"},
      {{"send", "127.0.0.1", "65536", "x"}, 2, "invalid port '65536'"},
      {{"send", "127.0.0.1", "abc", "x"}, 2, "invalid port 'abc'"},
      {{"send", "127.0.0.1", "80x", "x"}, 2, "invalid port '80x'"},
      {{"listen", "70000"}, 2, "invalid port '70000'"},
      {{"listen", "port"}, 2, "invalid port 'port'"},
      {{"send", "127.0.0.1", "{port}", "x", "-p", "0"}, 2, "--source-port"},
      {{"send", "127.0.0.1", "{port}", "x", "-p", "70000"}, 2, "--source-port"},
      // Counts, durations, rates, sizes
      {{"send", "127.0.0.1", "{port}", "x", "-n", "0"}, 2, "--count"},
      {{"send", "127.0.0.1", "{port}", "x", "-n", "1.5"}, 2, "--count"},
      {{"send", "127.0.0.1", "{port}", "x", "-n", "many"}, 2, "--count"},
      {{"send", "127.0.0.1", "{port}", "x", "-i", "0"}, 2, "--interval"},
      {{"send", "127.0.0.1", "{port}", "x", "-i", "5x"}, 2, "--interval"},
      {{"send", "127.0.0.1", "{port}", "x", "-i", "1h"}, 2, "--interval"},
      {{"send", "127.0.0.1", "{port}", "x", "--rate", "0"}, 2, "--rate"},
      {{"send", "127.0.0.1", "{port}", "x", "--rate", "99999999"}, 2, "--rate"},
      {{"send", "127.0.0.1", "{port}", "x", "--rate", "fast"}, 2, "--rate"},
      {{"send", "127.0.0.1", "{port}", "x", "-m", "0"}, 2, "--max-size"},
      {{"send", "127.0.0.1", "{port}", "x", "-m", "65508"}, 2, "65507"},
      {{"send", "::1", "{port6}", "x", "-m", "65528"}, 2, "65527"},
      {{"listen", "0", "-t", "0"}, 2, "--timeout"},
      {{"listen", "0", "-t", "soon"}, 2, "--timeout"},
      {{"listen", "0", "-n", "-1"}, 2, ""},
      {{"listen", "0", "-n", "0"}, 2, "--count"},
      {{"listen", "0", "-4", "-m", "65508"}, 2, "65507"},
      {{"listen", "0", "--rcvbuf", "0"}, 2, "--rcvbuf"},
      {{"send", "127.0.0.1", "{port}", "x", "--ttl", "0"}, 2, "--ttl"},
      {{"send", "127.0.0.1", "{port}", "x", "--ttl", "256"}, 2, "--ttl"},
      {{"send", "127.0.0.1", "{port}", "x", "--ttl", "x"}, 2, "--ttl"},
      // Payloads
      {{"send", "127.0.0.1", "{port}"},
       2,
       "payload is 1048576 bytes, over the limit of 1024",
       std::string(1024 * 1024, 'x')},
      {{"send", "127.0.0.1", "{port}", "-x", "48 zz"}, 2, "'z' is not a hex digit"},
      {{"send", "127.0.0.1", "{port}", "-x", "486"}, 2, "odd number of hex digits"},
      {{"send", "127.0.0.1", "{port}", "--file", missing}, 2, "cannot read --file"},
      {{"send", "127.0.0.1", "{port}", "--file", dir}, 2, "cannot read --file"},
      {{"send", "127.0.0.1", "{port}", "x", "--file", dir}, 2, "cannot be used together"},
      {{"send", "127.0.0.1", "{port}", "--lines", "-m", "3", "ok\ntoo long"},
       2,
       "line 2 is 8 bytes"},
      {{"send", "127.0.0.1", "{port}", "--lines", "-n", "2"}, 2, "--count cannot repeat"},
      // Conflicts and unknowns
      {{"send", "127.0.0.1", "{port}", "x", "-4", "-6"}, 2, "-4 and -6 cannot be used together"},
      {{"listen", "0", "-4", "-6"}, 2, "-4 and -6 cannot be used together"},
      {{"send", "127.0.0.1", "{port}", "x", "-i", "1s", "--rate", "5"},
       2,
       "--interval and --rate cannot be used together"},
      {{"send", "127.0.0.1", "{port}", "x", "-t", "1s"}, 2, "--timeout only works with --reply"},
      {{"send", "127.0.0.1", "{port}", "x", "-r", "-f", "xml"}, 2, "invalid format 'xml'"},
      {{"listen", "0", "-f", "yaml"}, 2, "invalid format 'yaml'"},
      {{"send", "127.0.0.1", "{port}", "x", "--bogus"}, 2, "unknown option '--bogus'"},
      {{"send", "127.0.0.1"}, 2, "missing PORT"},
      {{"transmit", "127.0.0.1", "9"}, 2, "unknown command 'transmit'"},
      // CLI11's errors in dgram's words (item 9)
      {{"send", "127.0.0.1", "{port}", "x", "--cou", "5"}, 2, "did you mean --count?"},
      {{"send", "127.0.0.1", "{port}", "x", "--echo"}, 2, "--echo is an option of dgram listen"},
      {{"--bogus"}, 2, "unknown option '--bogus'"},
      {{"--verison"}, 2, "did you mean --version?"},
      {{"lisen", "0"}, 2, "did you mean listen?"},
      {{"help", "bogus"}, 2, "not 'bogus'"},
      {{"send", "127.0.0.1", "{port}", "hello", "world"}, 2, "unexpected argument 'world'"},
      {{"send", "127.0.0.1", "{port}", "x", "-m", "100", "-m", "200"}, 2, "given 2 times"},
      {{"send", "127.0.0.1", "{port}", "x", "-n", "2", "--count", "3"}, 2, "--count is given"},
      {{"send", "127.0.0.1", "{port}", "x", "-f", "json"}, 2, "--format only works with --reply"},
      {{"send", "127.0.0.1", "{port}", "x", "-m"}, 2, "-m needs a value"},
      {{"send"}, 2, "missing HOST and PORT"},
      {{"listen"}, 2, "missing PORT"},
      {{"listen", "0", "--echo=1"}, 2, "--echo takes no value"},
      {{"send", "127.0.0.1", "{port}", "x", "--chunk=1"}, 2, "--chunk takes no value"},
      {{"send", "-6", "127.0.0.1", "{port}", "x"}, 2, "has no IPv6 address"},
      {{"listen", "0", "-b", "::1", "-4"}, 2, "has no IPv4 address"},
      {{"send", "127.0.0.1", "{port}", "x", "-b", "::1"}, 2, "different address families"},
      {{"send", "127.0.0.1", "{port}", "x", "-b", "nohost:1"}, 2, "invalid --bind"},
      // Network-side values
      {{"listen", "0", "--join", "not-an-address"}, 2, "invalid --join"},
      {{"listen", "0", "--join", "10.0.0.1"}, 2, "invalid --join"},
      {{"listen", "0", "--join", "239.1.2.3@no-such-iface"}, 2, "no-such-iface"},
      {{"listen", "0", "--allow", "1.2.3.4/99"}, 2, "prefix length must be 0 to 32"},
      {{"listen", "0", "--allow", "::/200"}, 2, "prefix length must be 0 to 128"},
      {{"send", "nonexistent.invalid", "{port}", "x"}, 1, "cannot resolve 'nonexistent.invalid'"},
      // IPv4-mapped destinations have the IPv4 ceiling (issue 11, item 5)
      {{"send", "::ffff:127.0.0.1", "{port}", "-m", "65527"},
       2,
       "over the IPv4 limit of 65507",
       std::string(65508, 'x')},
      // Durations are never rounded (item 11)
      {{"send", "127.0.0.1", "{port}", "x", "-i", "0.0000000001"}, 2, "finer than 1 ns"},
      {{"send", "127.0.0.1", "{port}", "x", "-r", "-t", "0.5ms"}, 2, "whole milliseconds"},
      {{"listen", "0", "-t", "1.0005s"}, 2, "use 1000ms or 1001ms"},
      // Address mistakes are the user's to fix (item 8)
      {{"send", "", "{port}", "x"}, 2, "HOST is empty"},
      {{"send", "[::1]:{port6}", "{port6}", "x"}, 2, "HOST and PORT are separate arguments"},
      {{"send", "127.0.0.1:{port}", "{port}", "x"}, 2, "write '127.0.0.1 {port}'"},
      {{"send", "[::1", "{port6}", "x"}, 2, "HOST '[::1' is not an address"},
      {{"send", "fe80::1", "{port6}", "x"}, 2, "fe80::1%IFACE"},
      {{"send", "fe80::1%nosuch", "{port6}", "x"}, 2, "no network interface is called 'nosuch'"},
      {{"send", "127.0.0.1%1", "{port}", "x"}, 2, "only a link-local IPv6 address"},
      {{"send", "-4", "::1", "{port6}", "x"}, 2, "has no IPv4 address"},
      {{"send", "127.0.0.1", "{port}", "x", "-b", ""}, 2, "--bind is empty"},
      {{"send", "::1", "{port6}", "x", "-b", "fe80::1"}, 2, "fe80::1%IFACE"},
      {{"send", "::1", "{port6}", "x", "-b", "[fe80::1%nosuch]:4000"}, 2, "'nosuch'"},
      {{"listen", "0", "-b", "127.0.0.1:5000"}, 2, "the port is the PORT argument"},
      {{"listen", "0", "-b", "[::1]:5000"}, 2, "dgram listen 5000 -b [::1]"},
      {{"listen", "0", "-b", ""}, 2, "--bind is empty"},
      {{"listen", "0", "-b", "fe80::1"}, 2, "fe80::1%IFACE"},
      {{"listen", "0", "-b", "fe80::1%nosuch"}, 2, "no network interface is called 'nosuch'"},
      {{"listen", "0", "--join", "239.1.2.3", "--join", "239.1.2.3"}, 2, "given twice"},
      {{"listen", "0", "--join", ""}, 2, "--join is empty"},
      {{"listen", "0", "--join", "239.1.2.3@"}, 2, "after '@'"},
      {{"listen", "0", "--join", "239.1.2.3:5000"}, 2, "a group has no port"},
      {{"listen", "0", "--join", "ff02::1%nosuch"}, 2, "no network interface is called 'nosuch'"},
      {{"listen", "0", "-b", "::1", "--join", "239.1.2.3"}, 2, "needs an IPv4 --bind address"},
      {{"listen", "0", "--allow", ""}, 2, "--allow is empty"},
      {{"listen", "0", "--allow", "[::1]:80"}, 2, "not ports"},
      {{"listen", "0", "--allow", "fe80::1%nosuch"}, 2, "no network interface is called 'nosuch'"},
      {{"listen", "0", "--allow", "127.0.0.1", "--allow", "::ffff:127.0.0.1"}, 2, "given twice"},
      {{"listen", "0", "-4", "--allow", "::1"}, 2, "hears IPv4 senders only"},
      {{"listen", "0", "-6", "--allow", "127.0.0.1"}, 2, "hears IPv6 senders only"},
      // Conversations (issue 14): what --talk cannot be combined with
      {{"send", "127.0.0.1", "{port}", "--talk", "-n", "2"},
       2,
       "--count cannot be used with --talk"},
      {{"send", "127.0.0.1", "{port}", "--talk", "-i", "1s"},
       2,
       "--interval cannot be used with --talk"},
      {{"send", "127.0.0.1", "{port}", "--talk", "--rate", "5"},
       2,
       "--rate cannot be used with --talk"},
      {{"send", "127.0.0.1", "{port}", "--talk", "-r"}, 2, "--reply cannot be used with --talk"},
      {{"send", "127.0.0.1", "{port}", "--talk", "--all-replies"},
       2,
       "--all-replies cannot be used with --talk"},
      {{"send", "127.0.0.1", "{port}", "--talk", "--file", missing},
       2,
       "--file cannot be used with --talk"},
      {{"send", "127.0.0.1", "{port}", "x", "--timestamps"},
       2,
       "--timestamps only works with --reply, --all-replies or --talk"},
      {{"send", "127.0.0.1", "{port}", "--talk", "-m", "4"},
       2,
       "line 1 is 5 bytes, over the limit of 4",
       "12345\n"},
      {{"send", "127.0.0.1", "{port}", "--talk", "-x"}, 2, "line 1: invalid hex", "zz\n"},
      {{"send", "127.0.0.1", "{port}", "x", "--all-replies", "-t", "0.5ms"},
       2,
       "whole milliseconds"},
  };
}

void substitute_ports(std::string& text, const std::string& port, const std::string& port6) {
  for (const auto& [marker, value] : {std::pair<std::string, std::string>{"{port}", port},
                                      std::pair<std::string, std::string>{"{port6}", port6}}) {
    for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker)) {
      text.replace(at, marker.size(), value);
    }
  }
}

TEST(BadInputMatrix, EachGivesItsExitCodeOneErrorLineAndSendsNothing) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  auto receiver6 = bound_loopback_socket(net::Family::ipv6);
  const std::string port = std::to_string(port_of(receiver));
  const std::string port6 = std::to_string(port_of(receiver6));
  const auto cases = bad_inputs();
  ASSERT_GE(cases.size(), 40u);
  for (const BadInput& bad : cases) {
    std::vector<std::string> args = bad.args;
    for (std::string& arg : args) substitute_ports(arg, port, port6);
    std::string names = bad.names;
    substitute_ports(names, port, port6);
    SCOPED_TRACE(testing::PrintToString(args));
    const ProcessResult result = run_dgram(args, bad.input);
    EXPECT_EQ(result.exit_code, bad.exit_code) << result.err;
    const auto lines = lines_of(result.err);
    ASSERT_EQ(lines.size(), 1u) << result.err;
    EXPECT_TRUE(lines[0].starts_with("dgram: error: ")) << lines[0];
    EXPECT_NE(lines[0].find(names), std::string::npos) << lines[0];
    EXPECT_EQ(result.out, "");
    // dgram has exited: anything it sent is already queued on loopback.
    EXPECT_FALSE(receive(receiver, 20ms)) << "sent to the IPv4 receiver";
    EXPECT_FALSE(receive(receiver6, 20ms)) << "sent to the IPv6 receiver";
  }
}

}  // namespace
}  // namespace dgram::test
