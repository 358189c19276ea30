// Where send takes its payload: the argument, stdin, --file.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(PayloadSource, StdinWhenMessageIsOmittedOrDash) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  // \x1a ends a Windows text-mode stream: stdin must be binary there.
  const std::string binary("bin\0ary\r\n\x1a\xff", 12);
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", port}, binary).exit_code, 0);
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", port, "-"}, "dash").exit_code, 0);
  const auto first = receive(receiver);
  const auto second = receive(receiver);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->text(), binary) << "stdin must be read byte for byte";
  EXPECT_EQ(second->text(), "dash");
}

TEST(PayloadSource, FileIsSentByteForByte) {
  const auto path = std::filesystem::temp_directory_path() / "dgram-payload-source-test.bin";
  const std::string content("file\0with\r\nbytes\x80", 18);
  std::ofstream(path, std::ios::binary) << content;
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result =
      run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "--file", path.string()});
  std::filesystem::remove(path);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->text(), content);
}

TEST(PayloadSource, MissingFileIsExit2AndNothingSent) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "--file",
                                 "no-such-file-for-dgram.bin"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("dgram: error: cannot read --file 'no-such-file-for-dgram.bin'"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(receive(receiver, 300ms));
}

TEST(PayloadSource, DirectoryAsFileIsExit2) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "--file",
                                 std::filesystem::temp_directory_path().string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_FALSE(receive(receiver, 300ms));
}

TEST(PayloadSource, MessageAndFileTogetherIsExit2) {
  const auto path = std::filesystem::temp_directory_path() / "dgram-message-and-file.txt";
  std::ofstream(path, std::ios::binary) << "a readable file";
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result = run_dgram(
      {"send", "127.0.0.1", std::to_string(port_of(receiver)), "hello", "--file", path.string()});
  std::filesystem::remove(path);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("MESSAGE and --file cannot be used together"), std::string::npos)
      << result.err;
  EXPECT_FALSE(receive(receiver, 300ms));
}

TEST(PayloadSource, HugeStdinIsRefusedWithItsSize) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver))},
                                std::string(1024 * 1024, 'x'));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("payload is 1048576 bytes, over the limit of 1024"), std::string::npos)
      << result.err;
  EXPECT_FALSE(receive(receiver, 300ms));
}

}  // namespace
}  // namespace dgram::test
