// The size limit end to end: refused before sending, cut and marked on
// receipt, whole up to the protocol maximum.
#include <gtest/gtest.h>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(SizeLimit, OversizePayloadIsRefusedAndNothingIsSent) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result =
      run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver))}, std::string(2000, 'x'));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("dgram: error: payload is 2000 bytes, over the limit of 1024"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("--chunk"), std::string::npos);
  EXPECT_FALSE(receive(receiver, 300ms)) << "a refused payload must not be sent";
}

TEST(SizeLimit, RaisedLimitLetsItThrough) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result =
      run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "--max-size", "2000"},
                std::string(2000, 'x'));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload.size(), 2000u);
}

TEST(SizeLimit, MaxSizeOverTheProtocolCeilingIsAUsageError) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result =
      run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "-m", "65508", "x"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("65507"), std::string::npos) << result.err;
  EXPECT_FALSE(receive(receiver, 300ms));
  EXPECT_EQ(run_dgram({"listen", "0", "-m", "70000"}).exit_code, 2);
  EXPECT_EQ(run_dgram({"listen", "0", "-4", "-m", "65520"}).exit_code, 2);
}

TEST(SizeLimit, AnIpv4MappedDestinationHasTheIpv4Ceiling) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  const auto over =
      run_dgram({"send", "::ffff:127.0.0.1", port, "-m", "65527"}, std::string(65508, 'x'));
  EXPECT_EQ(over.exit_code, 2) << over.err;
  EXPECT_NE(over.err.find("dgram: error: --max-size 65527 is over the IPv4 limit of 65507"),
            std::string::npos)
      << over.err;
  EXPECT_FALSE(receive(receiver, 300ms)) << "nothing may be sent";
  // Up to the IPv4 ceiling it goes out, whole, as IPv4.
  const auto at_limit =
      run_dgram({"send", "::ffff:127.0.0.1", port, "-m", "65507"}, std::string(65507, 'x'));
  EXPECT_EQ(at_limit.exit_code, 0) << at_limit.err;
  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload.size(), 65507u);
}

TEST(SizeLimit, ListenerMarksTruncationWithTheTrueSize) {
  auto listener = start_listener({"-n", "1", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", std::to_string(listener.port), "-m", "2000"},
                      std::string(2000, 'a'))
                .exit_code,
            0);
  const auto heard = listener.process.wait(20s);
  EXPECT_EQ(heard.exit_code, 0);
  const auto lines = lines_of(heard.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].starts_with("127.0.0.1:")) << lines[0].substr(0, 80);
  EXPECT_TRUE(lines[0].ends_with(" [truncated: 1024 of 2000 bytes] " + std::string(1024, 'a')))
      << lines[0].substr(0, 80);
  EXPECT_NE(heard.err.find("warning: datagram from 127.0.0.1:"), std::string::npos) << heard.err;
  EXPECT_NE(heard.err.find("is 2000 bytes, over --max-size 1024"), std::string::npos);
  EXPECT_NE(heard.err.find("1 truncated"), std::string::npos);
}

TEST(SizeLimit, LargestIpv4DatagramIsReceivedWhole) {
  auto listener = start_listener({"-n", "1", "-t", "20s", "--max-size", "65507"});
  ASSERT_NE(listener.port, 0);
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", std::to_string(listener.port), "-m", "65507"},
                      std::string(65507, 'z'))
                .exit_code,
            0);
  const auto heard = listener.process.wait(20s);
  const auto lines = lines_of(heard.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].ends_with(" " + std::string(65507, 'z')));
  EXPECT_NE(heard.err.find("0 truncated"), std::string::npos) << heard.err;
}

}  // namespace
}  // namespace dgram::test
