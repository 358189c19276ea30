// The documented exit codes, from the real binary.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

// One `dgram: error: ...` line and nothing else on stderr.
void expect_one_error_line(const ProcessResult& result, std::string_view names) {
  const auto lines = lines_of(result.err);
  ASSERT_EQ(lines.size(), 1u) << result.err;
  EXPECT_TRUE(lines[0].starts_with("dgram: error: ")) << lines[0];
  EXPECT_NE(lines[0].find(names), std::string::npos) << lines[0];
}

TEST(ExitCode, BadPortsAreUsageErrors) {
  for (const char* port : {"0", "65536", "70000", "abc", "-1", ""}) {
    const auto result = run_dgram({"send", "127.0.0.1", port, "x"});
    EXPECT_EQ(result.exit_code, 2) << port;
    expect_one_error_line(result, "port");
  }
  const auto listen = run_dgram({"listen", "65536"});
  EXPECT_EQ(listen.exit_code, 2);
  expect_one_error_line(listen, "invalid port '65536'");
}

TEST(ExitCode, UnresolvableHostIsExit1) {
  const auto result = run_dgram({"send", "nonexistent.invalid", "9", "x"});
  EXPECT_EQ(result.exit_code, 1);
  expect_one_error_line(result, "cannot resolve 'nonexistent.invalid'");
}

TEST(ExitCode, ListenTimeoutIsExit3) {
  const auto result = run_dgram({"listen", "0", "-t", "300ms"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("dgram: error: no datagram arrived within 300 ms"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("received 0 datagrams"), std::string::npos) << result.err;
}

TEST(ExitCode, UnknownOptionAndMissingArgumentsAreExit2) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"send", "127.0.0.1", "9", "x", "--bogus"},
        {"send", "127.0.0.1"},
        {"listen"},
        {"frobnicate"},
        {"listen", "0", "-4", "-6"},
        {"listen", "0", "-t", "soon"},
        {"listen", "0", "-n", "0"},
        {"send", "127.0.0.1", "9", "x", "-m", "0"}}) {
    const auto result = run_dgram(args);
    EXPECT_EQ(result.exit_code, 2) << testing::PrintToString(args);
    expect_one_error_line(result, "");
  }
}

TEST(ExitCode, PortInUseIsExit1AndSaysSo) {
  auto holder = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(holder));
  const auto result = run_dgram({"listen", port, "-b", "127.0.0.1", "-t", "5s"});
  EXPECT_EQ(result.exit_code, 1);
  expect_one_error_line(result, "port " + port + " is already in use");
}

TEST(ExitCode, ChunksToAClosedPortStopWithNothingListening) {
  std::uint16_t closed_port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    closed_port = port_of(gone);
  }
  // The first chunk draws an ICMP port unreachable; the connected socket
  // reports it on the next one.
  const auto result = run_dgram({"send", "127.0.0.1", std::to_string(closed_port), "--chunk"},
                                std::string(5000, 'x'));
  EXPECT_EQ(result.exit_code, 1);
  expect_one_error_line(result, fmt::format("nothing is listening on 127.0.0.1:{}", closed_port));
}

TEST(ExitCode, BindAddressOfTheOtherFamilyIsAUsageError) {
  const auto result = run_dgram({"listen", "0", "-b", "::1", "-4"});
  EXPECT_EQ(result.exit_code, 2);
  expect_one_error_line(result, "--bind ::1 has no IPv4 address, but -4 was given");
  const auto send = run_dgram({"send", "-6", "127.0.0.1", "9", "x"});
  EXPECT_EQ(send.exit_code, 2);
  expect_one_error_line(send, "HOST 127.0.0.1 has no IPv6 address, but -6 was given");
}

TEST(ExitCode, HelpAndVersionAreExit0) {
  const auto help = run_dgram({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("listen"), std::string::npos);
  EXPECT_NE(help.out.find("130"), std::string::npos) << "exit codes are in --help";
  const auto version = run_dgram({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.out.starts_with("dgram ")) << version.out;
  EXPECT_EQ(run_dgram({"send", "--help"}).exit_code, 0);
}

}  // namespace
}  // namespace dgram::test
