// UTF-8 in and out: a non-ASCII argument reaches the wire byte for byte
// (Windows: from the UTF-16 command line, whatever the code page), and the
// listener writes received text as the same UTF-8 bytes with a bare \n.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

constexpr std::string_view greeting =
    "Gr\xc3\xbc\xc3\x9f"
    "e \xe2\x9c\x93";  // "Grüße ✓"

TEST(Unicode, NonAsciiArgumentIsSentByteForByte) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result =
      run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), std::string(greeting)});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload, bytes_of(greeting));
}

TEST(Unicode, ListenerOutputIsTheSameUtf8BytesWithBareNewline) {
  auto listener = start_listener({"-4", "-n", "1", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender.send_to(bytes_of(greeting), loopback(net::Family::ipv4, listener.port)).ok());
  const auto heard = listener.process.wait(20s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  EXPECT_EQ(heard.out,
            "127.0.0.1:" + std::to_string(port_of(sender)) + " " + std::string(greeting) + "\n");
}

TEST(Unicode, NonAsciiFileNameIsOpened) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  // Written through dgram itself would be circular; std::filesystem takes a
  // UTF-8 u8path on every platform.
  const auto path =
      std::filesystem::temp_directory_path() / std::filesystem::path(u8"dgram-gr\u00fc\u00dfe.txt");
  std::ofstream(path, std::ios::binary) << "file content";
  const auto result = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "--file",
                                 reinterpret_cast<const char*>(path.u8string().c_str())});
  std::filesystem::remove(path);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->text(), "file content");
}

}  // namespace
}  // namespace dgram::test
