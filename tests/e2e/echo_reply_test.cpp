// listen --echo and send --reply: the one-line echo server and its client.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(EchoReply, ReplyPrintsTheEchoLikeListenWould) {
  auto echo = start_listener({"--echo", "-n", "2", "-t", "20s", "-q"});
  ASSERT_NE(echo.port, 0);
  const std::string port = std::to_string(echo.port);
  const auto text = run_dgram({"send", "127.0.0.1", port, "ping", "--reply"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out, "127.0.0.1:" + port + " ping\n");

  const auto json = run_dgram({"send", "::1", port, "pong", "-r", "-f", "json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  const auto record = nlohmann::json::parse(json.out);
  EXPECT_EQ(record["from"], "::1");
  EXPECT_EQ(record["port"], echo.port);
  EXPECT_EQ(record["text"], "pong");
  EXPECT_EQ(echo.process.wait(20s).exit_code, 0);
}

TEST(EchoReply, EchoSendsTheWholeDatagramBack) {
  auto echo = start_listener({"--echo", "-n", "1", "-t", "20s", "-q"});
  ASSERT_NE(echo.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  const auto payload = pattern(3000);  // over the default --max-size
  ASSERT_TRUE(client.send_to(payload, loopback(net::Family::ipv4, echo.port)).ok());
  const auto back = receive(client);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->payload, payload);
}

TEST(EchoReply, EchoServerOutlivesAStormOfVanishedPeers) {
  constexpr int vanished = 200;
  auto echo = start_listener(
      {"--echo", "-q", "--rcvbuf", "1048576", "-n", std::to_string(vanished + 1), "-t", "20s"});
  ASSERT_NE(echo.port, 0);
  // Each peer sends and closes at once: every echo draws an ICMP port
  // unreachable (WSAECONNRESET on Windows), none may stop the server.
  for (int i = 0; i < vanished; ++i) {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    ASSERT_TRUE(gone.send_to(bytes_of("bye"), loopback(net::Family::ipv4, echo.port)).ok());
  }
  const auto alive = run_dgram({"send", "127.0.0.1", std::to_string(echo.port), "still?", "-r"});
  EXPECT_EQ(alive.exit_code, 0) << alive.err;
  EXPECT_TRUE(alive.out.ends_with(" still?\n")) << alive.out;
  const auto heard = echo.process.wait(20s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  EXPECT_NE(heard.err.find("received " + std::to_string(vanished + 1) + " datagrams"),
            std::string::npos)
      << heard.err;
}

TEST(EchoReply, ReplyFromAClosedPortIsExit1NotATimeout) {
  if (running_under_wine()) {
    // Wine 8 keeps the ICMP port unreachable of a connected UDP socket from
    // select() and recv() until a later send; Windows reports it to both
    // (recv fails with WSAECONNRESET), which is what ends the wait here.
    GTEST_SKIP() << "Wine does not surface ICMP port unreachable to a waiting recv";
  }
  std::uint16_t closed_port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    closed_port = port_of(gone);
  }
  // A 20 s --timeout: the ICMP port unreachable must end it, not the timer.
  const auto result = run_dgram(
      {"send", "127.0.0.1", std::to_string(closed_port), "anyone?", "-r", "-t", "20s"}, "", 15s);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "dgram: error: nothing is listening on 127.0.0.1:" +
                            std::to_string(closed_port) + " (ICMP port unreachable)\n");
}

TEST(EchoReply, NoReplyInTimeIsExit3) {
  auto silent = bound_loopback_socket(net::Family::ipv4);  // receives, never answers
  const auto result = run_dgram(
      {"send", "127.0.0.1", std::to_string(port_of(silent)), "hello?", "-r", "-t", "300ms"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("dgram: error: no reply from 127.0.0.1:"), std::string::npos)
      << result.err;
  EXPECT_TRUE(receive(silent)) << "the request itself was sent";
}

TEST(EchoReply, TimeoutAndFormatNeedReply) {
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", "9", "x", "-t", "1s"}).exit_code, 2);
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", "9", "x", "-f", "json"}).exit_code, 2);
}

}  // namespace
}  // namespace dgram::test
