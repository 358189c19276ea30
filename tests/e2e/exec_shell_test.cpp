// listen --exec with what people write as handlers: a shell one-liner on
// POSIX, a .bat file on Windows (run by cmd.exe, so under Wine here).
#include <gtest/gtest.h>

#include <cstdio>

#include "e2e/exec_support.hpp"
#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

std::string port_text(std::uint16_t port) { return std::to_string(port); }

// The reply `send -r` prints for `payload` sent to a listener running
// `command`.
std::string reply_through(const std::string& command, const std::string& host,
                          const std::string& payload, std::uint16_t& port) {
  auto listener = start_listener({"--exec", command, "-n", "1", "-t", "60s", "-q"});
  port = listener.port;
  if (port == 0) return {};
  const auto reply =
      run_dgram({"send", host, port_text(port), payload, "-r", "-f", "raw", "-t", "60s"});
  EXPECT_EQ(reply.exit_code, 0) << reply.err;
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  return reply.out;
}

TEST(ExecShell, AShellOneLinerIsAService) {
  if (windows_build()) GTEST_SKIP() << "POSIX shell; ExecShell.ABatchFileIsAService on Windows";
  std::uint16_t port = 0;
  EXPECT_EQ(reply_through("tr a-z A-Z", "127.0.0.1", "hello", port), "HELLO");
  const std::string told = reply_through(
      "printf '%s asked %s bytes at port %s' \"$DGRAM_SENDER_ADDRESS\" \"$DGRAM_SIZE\" "
      "\"$DGRAM_LOCAL_PORT\"",
      "::1", "hello", port);
  EXPECT_EQ(told, "::1 asked 5 bytes at port " + port_text(port));
}

TEST(ExecShell, ABatchFileIsAService) {
  if (!windows_build()) GTEST_SKIP() << "cmd.exe; ExecShell.AShellOneLinerIsAService on POSIX";
  const auto dir = fresh_directory("bat");
  const auto bat = dir / "answer.bat";
  {
    std::FILE* file = std::fopen(bat.string().c_str(), "wb");
    ASSERT_NE(file, nullptr);
    const std::string text =
        "@echo off\r\n"
        "set /p LINE=\r\n"
        "echo %LINE% from %DGRAM_SENDER_ADDRESS% at port %DGRAM_LOCAL_PORT%\r\n";
    std::fwrite(text.data(), 1, text.size(), file);
    std::fclose(file);
  }
  std::string command = "\"";
  command += bat.string();
  command += '"';
  auto listener = start_listener({"--exec", command, "-n", "1", "-t", "60s", "-q"});
  ASSERT_NE(listener.port, 0);
  // A line, as `set /p` reads one (Wine's drops the last byte of input
  // that has no line end).
  auto client = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(client.send_to(bytes_of("hello\n"), loopback(net::Family::ipv4, listener.port)).ok());
  const auto reply = receive(client, 60s);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->text(), "hello from 127.0.0.1 at port " + port_text(listener.port) + "\r\n");
  EXPECT_EQ(listener.process.wait(60s).exit_code, 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dgram::test
