// Listener behaviour: count, start line, interrupt.
#include <gtest/gtest.h>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(Listen, StartLineNamesTheRealPort) {
  auto listener = start_listener({"-n", "1", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  EXPECT_NE(listener.process.stderr_text().find(
                "dgram: listening on [::]:" + std::to_string(listener.port) + " (IPv4 and IPv6)"),
            std::string::npos)
      << listener.process.stderr_text();
  EXPECT_EQ(run_dgram({"send", "127.0.0.1", std::to_string(listener.port), "x"}).exit_code, 0);
  EXPECT_EQ(listener.process.wait(20s).exit_code, 0);
}

TEST(Listen, CountStopsAfterNDatagrams) {
  auto listener = start_listener({"-n", "3", "-t", "20s"});
  ASSERT_NE(listener.port, 0);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  const auto to = loopback(net::Family::ipv4, listener.port);
  for (const char* text : {"1", "2", "3", "4"})
    ASSERT_TRUE(sender.send_to(bytes_of(text), to).ok());
  const auto heard = listener.process.wait(20s);
  EXPECT_EQ(heard.exit_code, 0);
  EXPECT_EQ(lines_of(heard.out).size(), 3u) << heard.out;
  EXPECT_NE(heard.err.find("received 3 datagrams, 3 bytes"), std::string::npos) << heard.err;
}

TEST(Listen, InterruptPrintsSummaryAndExits130) {
  auto listener = start_listener({});
  ASSERT_NE(listener.port, 0);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender.send_to(bytes_of("before"), loopback(net::Family::ipv4, listener.port)).ok());
  ASSERT_TRUE(listener.process.wait_for_stdout("before", 20s));
  listener.process.interrupt();
  const auto heard = listener.process.wait(20s);
  EXPECT_TRUE(ended_by_interrupt(heard))
      << "exit " << heard.exit_code << " signal " << heard.signal << ": " << heard.err;
  EXPECT_NE(heard.err.find("received 1 datagram, 6 bytes"), std::string::npos) << heard.err;
}

TEST(Send, InterruptDuringPausesExits130) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  auto sender = Process::start(
      dgram_executable(),
      {"send", "127.0.0.1", std::to_string(port_of(receiver)), "tick", "-n", "100", "-i", "10s"});
  ASSERT_TRUE(receive(receiver, 20s)) << "the first datagram goes out at once";
  sender.interrupt();                   // during a 10 s pause: it must end now, not after it
  const auto result = sender.wait(8s);  // still before the pause would end
  EXPECT_FALSE(result.timed_out);
  EXPECT_TRUE(ended_by_interrupt(result))
      << "exit " << result.exit_code << " signal " << result.signal << ": " << result.err;
  EXPECT_EQ(result.err, "");
}

}  // namespace
}  // namespace dgram::test
