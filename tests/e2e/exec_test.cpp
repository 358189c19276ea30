// listen --exec: a program per datagram, its output the reply; on every OS
// through the real dgram, the system shell and a test handler
// (tests/tools/exec_handler_tool.cpp) that behaves the same everywhere.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <vector>

#include "e2e/exec_support.hpp"
#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

std::string port_text(std::uint16_t port) { return std::to_string(port); }

TEST(Exec, HandlerOutputIsTheReply) {
  auto listener = start_listener({"--exec", tool_command("upper"), "-n", "1", "-t", "60s"});
  ASSERT_NE(listener.port, 0);
  const auto reply =
      run_dgram({"send", "127.0.0.1", port_text(listener.port), "hello", "-r", "-t", "60s"});
  EXPECT_EQ(reply.exit_code, 0) << reply.err;
  EXPECT_EQ(reply.out, "127.0.0.1:" + port_text(listener.port) + " HELLO\n");
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  EXPECT_NE(heard.out.find(" hello\n"), std::string::npos) << heard.out;
  EXPECT_NE(heard.err.find("ran 1 handler: 1 ok, 0 failed, 0 timed out; 0 dropped (queue "
                           "full); 1 reply sent (5 bytes)"),
            std::string::npos)
      << heard.err;
}

TEST(Exec, EnvironmentTellsWhoAskedOverIPv4AndIPv6) {
  for (const auto family : {net::Family::ipv4, net::Family::ipv6}) {
    auto listener =
        start_listener({"--exec", tool_command("env"), "-n", "1", "-t", "60s", "-m", "10", "-q"});
    ASSERT_NE(listener.port, 0);
    auto client = bound_loopback_socket(family);
    const auto payload = pattern(25);  // over -m 10: the handler gets 10 bytes
    ASSERT_TRUE(client.send_to(payload, loopback(family, listener.port)).ok());
    const auto reply = receive(client, 60s);
    ASSERT_TRUE(reply);
    const std::string address = family == net::Family::ipv4 ? "127.0.0.1" : "::1";
    const std::string sender = family == net::Family::ipv4
                                   ? "127.0.0.1:" + port_text(port_of(client))
                                   : "[::1]:" + port_text(port_of(client));
    EXPECT_EQ(reply->text(), "DGRAM_SENDER=" + sender + "\nDGRAM_SENDER_ADDRESS=" + address +
                                 "\nDGRAM_SENDER_PORT=" + port_text(port_of(client)) +
                                 "\nDGRAM_LOCAL_PORT=" + port_text(listener.port) +
                                 "\nDGRAM_SIZE=25\nDGRAM_TRUNCATED=1\n");
    EXPECT_EQ(listener.process.wait(60s).exit_code, 0);
  }
}

TEST(Exec, BinaryPayloadAndReplyAreByteExact) {
  auto listener = start_listener(
      {"--exec", tool_command("cat"), "-n", "1", "-t", "60s", "-m", "65507", "-f", "json"});
  ASSERT_NE(listener.port, 0);
  std::vector<std::byte> every_byte;
  for (int round = 0; round < 4; ++round) {
    for (int value = 0; value < 256; ++value) every_byte.push_back(static_cast<std::byte>(value));
  }
  auto client = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(client.send_to(every_byte, loopback(net::Family::ipv4, listener.port)).ok());
  const auto reply = receive(client, 60s);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->payload, every_byte);
  const auto heard = listener.process.wait(60s);
  ASSERT_EQ(heard.exit_code, 0) << heard.err;
  const auto record = nlohmann::json::parse(lines_of(heard.out).at(0));
  EXPECT_EQ(record["size"], 1024);
  EXPECT_EQ(record["exec"]["result"], "ok");
  EXPECT_EQ(record["exec"]["exit"], 0);
  EXPECT_EQ(record["exec"]["reply"], 1024);
  EXPECT_TRUE(record["exec"]["reply_problem"].is_null());
  EXPECT_GT(record["exec"]["seconds"].get<double>(), 0.0);
}

TEST(Exec, FailedHandlerIsMarkedAndCounted) {
  auto listener = start_listener(
      {"--exec", tool_command("exit 3"), "-n", "1", "-t", "60s", "--summary", "json"});
  ASSERT_NE(listener.port, 0);
  ASSERT_EQ(run_dgram({"send", "127.0.0.1", port_text(listener.port), "hi"}).exit_code, 0);
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  EXPECT_NE(heard.out.find(" [exit 3] hi\n"), std::string::npos) << heard.out;
  const auto summary = json_summary(heard.err);
  EXPECT_EQ(summary["handlers_run"], 1);
  EXPECT_EQ(summary["handlers_failed"], 1);
  EXPECT_EQ(summary["handlers_ok"], 0);
  EXPECT_EQ(summary["replies"], 0);
}

TEST(Exec, StandardErrorLinesAreMarkedWithTheSender) {
  auto listener =
      start_listener({"--exec", tool_command("stderr 3"), "-n", "1", "-t", "60s", "-q"});
  ASSERT_NE(listener.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(client.send_to(bytes_of("x"), loopback(net::Family::ipv4, listener.port)).ok());
  ASSERT_TRUE(receive(client, 60s));
  const auto heard = listener.process.wait(60s);
  const std::string mark = "handler for 127.0.0.1:" + port_text(port_of(client)) + ": ";
  for (const char* line : {"line 1\n", "line 2\n", "line 3\n"}) {
    EXPECT_NE(heard.err.find(mark + line), std::string::npos) << heard.err;
  }
}

TEST(Exec, AFloodOfStandardErrorIsCutAndCounted) {
  auto listener = start_listener(
      {"--exec", tool_command("stderr 5000"), "-n", "1", "-t", "60s", "-q", "--summary", "json"});
  ASSERT_NE(listener.port, 0);
  ASSERT_EQ(run_dgram({"send", "127.0.0.1", port_text(listener.port), "x"}).exit_code, 0);
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  std::size_t shown = 0;
  for (const auto& line : lines_of(heard.err)) shown += line.starts_with("handler for ");
  EXPECT_EQ(shown, 1001u) << "1,000 lines and the one that says the rest are dropped";
  EXPECT_NE(heard.err.find("(more than 1000 lines on standard error: the rest of this run's are "
                           "dropped and counted)"),
            std::string::npos);
  EXPECT_EQ(json_summary(heard.err)["handler_stderr_lines_dropped"], 4000);
}

TEST(Exec, OutputOverTheLimitIsNotSent) {
  auto listener = start_listener(
      {"--exec", tool_command("bytes 70000"), "-n", "1", "-t", "60s", "--summary", "json"});
  ASSERT_NE(listener.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(client.send_to(bytes_of("x"), loopback(net::Family::ipv4, listener.port)).ok());
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  EXPECT_NE(heard.err.find("wrote more than 65507 bytes, more than one UDP datagram to it can "
                           "carry; no reply sent"),
            std::string::npos)
      << heard.err;
  EXPECT_NE(heard.out.find("[reply too big, not sent] x"), std::string::npos) << heard.out;
  EXPECT_EQ(json_summary(heard.err)["replies_too_big"], 1);
  EXPECT_FALSE(receive(client, 200ms)) << "nothing may come back";
}

TEST(Exec, EmptyOutputSendsNoReply) {
  auto listener = start_listener(
      {"--exec", tool_command("bytes 0"), "-n", "1", "-t", "60s", "--summary", "json", "-q"});
  ASSERT_NE(listener.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(client.send_to(bytes_of("x"), loopback(net::Family::ipv4, listener.port)).ok());
  const auto heard = listener.process.wait(60s);
  const auto summary = json_summary(heard.err);
  EXPECT_EQ(summary["handlers_ok"], 1);
  EXPECT_EQ(summary["replies"], 0);
  EXPECT_FALSE(receive(client, 200ms));
}

TEST(Exec, HandlerNotFoundIsToldOnce) {
  const std::string missing = windows_build() ? "no-such-handler-xyz" : "./no-such-handler-xyz";
  auto listener =
      start_listener({"--exec", missing, "-n", "4", "-t", "60s", "--summary", "json", "-q"});
  ASSERT_NE(listener.port, 0);
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(run_dgram({"send", "127.0.0.1", port_text(listener.port), "hi"}).exit_code, 0);
  }
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  const std::string warning = "dgram: warning: the shell cannot find the --exec command '" +
                              missing + "' (exit status " + (windows_build() ? "9009" : "127") +
                              "); check its name and path; later datagrams are only counted\n";
  const std::size_t first = heard.err.find(warning);
  EXPECT_NE(first, std::string::npos) << heard.err;
  EXPECT_EQ(heard.err.find(warning, first + 1), std::string::npos) << "told once: " << heard.err;
  // The shell's own words ("not found", "is not recognized") come once too.
  std::size_t shell_lines = 0;
  for (const auto& line : lines_of(heard.err)) shell_lines += line.starts_with("handler for ");
  EXPECT_EQ(shell_lines, 1u) << heard.err;
  const auto summary = json_summary(heard.err);
  EXPECT_EQ(summary["handlers_run"], 4);
  EXPECT_EQ(summary["handlers_failed"], 4);
  EXPECT_EQ(summary["handlers_not_found"], 4);
}

TEST(Exec, AllowIsCheckedBeforeAnyHandlerRuns) {
  const auto dir = fresh_directory("allow");
  auto listener = start_listener({"--exec", tool_command("log \"" + dir.string() + "\" 0"),
                                  "--allow", "192.0.2.1", "-t", "2s", "--summary", "json"});
  ASSERT_NE(listener.port, 0);
  ASSERT_EQ(run_dgram({"send", "127.0.0.1", port_text(listener.port), "hi"}).exit_code, 0);
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 3) << heard.err;  // nothing accepted within -t
  const auto summary = json_summary(heard.err);
  EXPECT_EQ(summary["rejected"], 1);
  EXPECT_EQ(summary["handlers_run"], 0);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(Exec, BadOptionsAreUsageErrors) {
  const std::map<std::vector<std::string>, std::string> cases{
      {{"--exec", "cat", "--echo"},
       "--exec and --echo cannot be used together: the handler's output is the reply; leave "
       "out one of them"},
      {{"--exec", "cat", "--talk"},
       "--exec and --talk cannot be used together: the handler's output is the reply; leave "
       "out one of them"},
      {{"--exec", "cat", "--forward", "127.0.0.1:9"},
       "--exec and --forward cannot be used together: a relay's answers come from its "
       "upstream; leave out one of them"},
      {{"--exec", ""}, "--exec needs a command, e.g. --exec 'tr a-z A-Z'"},
      {{"--exec-jobs", "4"},
       "--exec-jobs only works with --exec; add --exec COMMAND or leave "
       "out --exec-jobs"},
      {{"--exec-timeout", "1s"},
       "--exec-timeout only works with --exec; add --exec COMMAND or "
       "leave out --exec-timeout"},
      {{"--exec", "cat", "--exec-jobs", "0"}, "invalid value '0' for --exec-jobs: give 1 to 256"},
      {{"--exec", "cat", "--exec-jobs", "300"}, "--exec-jobs 300 is over 256; give 1 to 256"},
      {{"--exec", "cat", "--exec-queue", "x"},
       "invalid value 'x' for --exec-queue: give 0 to 10000"},
  };
  for (const auto& [extra, message] : cases) {
    std::vector<std::string> args{"listen", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto result = run_dgram(args);
    EXPECT_EQ(result.exit_code, 2) << extra.front();
    EXPECT_NE(result.err.find("dgram: error: " + message), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("listening on"), std::string::npos) << "nothing bound";
  }
}

}  // namespace
}  // namespace dgram::test
