#include "common/listen/listen_summary.hpp"

#include <chrono>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

namespace dgram {
namespace {

// What print_listen_summary writes for `stats` when the listener ended well.
std::string text_summary_of(const ListenStats& stats) {
  std::FILE* file = std::tmpfile();
  EXPECT_NE(file, nullptr);
  if (file == nullptr) return {};
  print_listen_summary(file, stats, SummaryFormat::text, Status{});
  std::rewind(file);
  std::string text;
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) text += static_cast<char>(c);
  std::fclose(file);
  return text;
}

TEST(ListenSummary, OneByteIsSingular) {
  ListenStats stats;
  stats.datagrams = 1;
  stats.bytes = 1;
  const std::string text = text_summary_of(stats);
  EXPECT_NE(text.find("received 1 datagram, 1 byte in "), std::string::npos) << text;
  stats.bytes = 2;
  EXPECT_NE(text_summary_of(stats).find("received 1 datagram, 2 bytes in "), std::string::npos);
}

TEST(ListenSummary, OneEchoIsSingular) {
  ListenStats stats;
  stats.echo_failures = 1;
  stats.echoes_refused = 1;
  const std::string text = text_summary_of(stats);
  EXPECT_NE(text.find(", 1 echo failed, 1 echo refused (loop risk)"), std::string::npos) << text;
}

TEST(ListenStatusText, ANarrowTerminalKeepsTheCountAndTheLossesLongest) {
  using namespace std::chrono_literals;
  ListenStats stats;
  stats.datagrams = 56823;
  stats.bytes = 5 * 1024 * 1024;
  stats.truncated = 56823;
  stats.rejected = 0;
  stats.kernel_drops = net::KernelDrops{1234, true};
  const StatusText text = listen_status_text(stats, 4120.0, stats.start + 65s);
  EXPECT_EQ(text.whole(),
            "dgram: listening 1m05s: 56,823 datagrams, 5.0 MiB, 4,120/s, 56,823 truncated, "
            "0 rejected, at least 1,234 dropped");
  EXPECT_EQ(fit_status_text(text, 79),
            "dgram: listening 1m05s: 56,823 datagrams, at least 1,234 dropped");
  EXPECT_EQ(fit_status_text(text, 60), "dgram: listening 1m05s: 56,823 datagrams, 1,234+ dropped");
  EXPECT_EQ(fit_status_text(text, 40), "dgram: listening 1m05s: 56,823 datagrams");
  EXPECT_EQ(fit_status_text(text, 39), "dgram: listening 1m05s");
}

// --watch and --stats list their senders in the text summary up to a cap,
// then say how many more there are.
TEST(ListenSummary, ManySendersAreCappedWithAndNMore) {
  ListenStats stats;
  auto& watch = stats.watch.emplace();
  watch.quiet_after = std::chrono::milliseconds(5000);
  auto& seq = stats.stats.emplace();
  for (std::size_t i = 0; i < watch_summary_lines + 5; ++i) {
    WatchedSender sender;
    sender.name = "192.0.2." + std::to_string(i);
    watch.senders.push_back(sender);
    seq.senders.push_back({"192.0.2." + std::to_string(i) + ":5000", {}});
  }
  const std::string text = text_summary_of(stats);
  EXPECT_NE(text.find("dgram: watched 25 senders (quiet after 5000 ms): 0 quiet at the end"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("dgram:   192.0.2.19: 0 datagrams"), std::string::npos) << text;
  EXPECT_EQ(text.find("dgram:   192.0.2.20: "), std::string::npos) << text;
  EXPECT_NE(text.find("dgram:   and 5 more (--summary json lists all)\ndgram: stats: 25 senders"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("dgram:   192.0.2.19:5000: 0 received, 0 lost"), std::string::npos) << text;
  EXPECT_EQ(text.find("dgram:   192.0.2.20:5000"), std::string::npos) << text;
}

}  // namespace
}  // namespace dgram
