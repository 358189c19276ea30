// dgram send → dgram listen, the tool's first promise.
#include <gtest/gtest.h>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(RoundTrip, SendToListenShowsMessageAndSender) {
  auto listener = start_listener({"-n", "1", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  const auto sent =
      run_dgram({"send", "127.0.0.1", std::to_string(listener.port), "Holy Guido! It's working."});
  EXPECT_EQ(sent.exit_code, 0) << sent.err;
  const auto heard = listener.process.wait(20s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  const auto lines = lines_of(heard.out);
  ASSERT_EQ(lines.size(), 1u) << heard.out;
  EXPECT_TRUE(lines[0].starts_with("127.0.0.1:")) << lines[0];
  EXPECT_TRUE(lines[0].ends_with(" Holy Guido! It's working.")) << lines[0];
  EXPECT_NE(heard.err.find("received 1 datagram"), std::string::npos) << heard.err;
}

TEST(RoundTrip, EverySenderIsShownNotOnlyTheFirst) {
  auto listener = start_listener({"-n", "2", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  const std::string port = std::to_string(listener.port);
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", port, "first"}).exit_code, 0);
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", port, "second"}).exit_code, 0);
  const auto heard = listener.process.wait(20s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  const auto lines = lines_of(heard.out);
  ASSERT_EQ(lines.size(), 2u) << heard.out;
  EXPECT_TRUE(lines[0].ends_with(" first"));
  EXPECT_TRUE(lines[1].ends_with(" second"));
  // Two processes, two source ports: two different senders.
  EXPECT_NE(lines[0].substr(0, lines[0].find(' ')), lines[1].substr(0, lines[1].find(' ')));
}

TEST(RoundTrip, Ipv6LiteralWithAndWithoutBrackets) {
  auto listener = start_listener({"-n", "2", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  const std::string port = std::to_string(listener.port);
  EXPECT_EQ(run_dgram({"send", "::1", port, "bare"}).exit_code, 0);
  EXPECT_EQ(run_dgram({"send", "[::1]", port, "bracketed"}).exit_code, 0);
  const auto heard = listener.process.wait(20s);
  const auto lines = lines_of(heard.out);
  ASSERT_EQ(lines.size(), 2u) << heard.out << heard.err;
  EXPECT_TRUE(lines[0].starts_with("[::1]:") && lines[0].ends_with(" bare")) << lines[0];
  EXPECT_TRUE(lines[1].starts_with("[::1]:") && lines[1].ends_with(" bracketed")) << lines[1];
}

TEST(RoundTrip, SendMinus6UsesIpv6) {
  auto receiver = bound_loopback_socket(net::Family::ipv6);
  const auto result = run_dgram({"send", "-6", "[::1]", std::to_string(port_of(receiver)), "v6"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->text(), "v6");
  EXPECT_EQ(got->from.family, net::Family::ipv6);
}

TEST(RoundTrip, HostileBytesPrintAsOneEscapedLine) {
  auto listener = start_listener({"-n", "1", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", std::to_string(listener.port)},
                      "\x1b[31mred\nline two\r\n\xff")
                .exit_code,
            0);
  const auto heard = listener.process.wait(20s);
  const auto lines = lines_of(heard.out);
  ASSERT_EQ(lines.size(), 1u) << heard.out;
  EXPECT_TRUE(lines[0].ends_with(" \\x1b[31mred\\nline two\\r\\n\\xff")) << lines[0];
}

TEST(RoundTrip, ListenerOnIpv4OnlyShowsPlainAddresses) {
  auto listener = start_listener({"-4", "-n", "1", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  EXPECT_NE(listener.process.stderr_text().find("listening on 0.0.0.0:"), std::string::npos);
  EXPECT_EQ(run_dgram({"send", "localhost", std::to_string(listener.port), "-4", "hi"}).exit_code,
            0);
  const auto heard = listener.process.wait(20s);
  EXPECT_TRUE(heard.out.starts_with("127.0.0.1:")) << heard.out;
}

}  // namespace
}  // namespace dgram::test
