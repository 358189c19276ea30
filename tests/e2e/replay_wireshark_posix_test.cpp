// `send --replay` of files the Wireshark tools wrote: text2pcap's pcapng
// (the format tshark and Wireshark write by default) and editcap's classic
// pcap of it. Skipped where the tools are not installed (Debian: tshark).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "e2e/replay_support.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

bool have(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

TEST(Replay, WiresharkToolsPcapngAndPcap) {
  if (!have("text2pcap") || !have("editcap")) GTEST_SKIP() << "text2pcap/editcap not installed";
  const auto dir = std::filesystem::temp_directory_path();
  const auto text = dir / "dgram-replay-text2pcap.txt";
  const auto pcapng = dir / "dgram-replay-text2pcap.pcapng";
  const auto pcap = dir / "dgram-replay-editcap.pcap";
  // Two datagrams 150 ms apart, "hello" then "world", over IPv6.
  std::ofstream(text) << "2023-11-14 22:13:20.000000\n0000  68 65 6c 6c 6f\n"
                         "2023-11-14 22:13:20.150000\n0000  77 6f 72 6c 64\n";
  const std::string make =
      "text2pcap -q -t '%Y-%m-%d %H:%M:%S.%f' -6 2001:db8::1,2001:db8::2 "
      "-u 4444,9 '" +
      text.string() + "' '" + pcapng.string() + "' && editcap -F pcap '" + pcapng.string() + "' '" +
      pcap.string() + "'";
  ASSERT_EQ(std::system(make.c_str()), 0) << make;
  auto receiver = bound_loopback_socket(net::Family::ipv6);
  const std::string port = std::to_string(port_of(receiver));
  for (const auto& file : {pcapng, pcap}) {
    SCOPED_TRACE(file.string());
    auto sender = Process::start(
        dgram_executable(),
        {"send", "::1", port, "--replay", file.string(), "--replay-from", "[2001:db8::1]:4444"});
    const auto arrivals = receive_timed(receiver, 2);
    const auto result = sender.wait(60s);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    ASSERT_EQ(arrivals.size(), 2u);
    EXPECT_EQ(arrivals[0].datagram.text(), "hello");
    EXPECT_EQ(arrivals[1].datagram.text(), "world");
    const double gap =
        std::chrono::duration<double, std::milli>(arrivals[1].at - arrivals[0].at).count();
    EXPECT_NEAR(gap, 150, 150 * 0.2 + 50);
  }
  for (const auto& file : {text, pcapng, pcap}) std::filesystem::remove(file);
}

}  // namespace
}  // namespace dgram::test
