// listen --stats: the sequence header of send --seq, followed per sender.
// The impairment is the test's own and deterministic (a seeded generator):
// datagrams dropped, swapped, duplicated, and delayed by the header's send
// time, so the listener's counts must equal what was done, exactly, and its
// jitter the RFC 3550 figure of the delays given.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/seq_header.hpp"
#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

using Steady = std::chrono::steady_clock;

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Steady::now().time_since_epoch())
      .count();
}

std::vector<std::byte> with_header(std::uint64_t sequence, std::uint64_t sent_ns) {
  std::vector<std::byte> payload(seq_header_size);
  write_seq_header(std::span<std::byte, seq_header_size>(payload.data(), seq_header_size),
                   {sequence, sent_ns});
  const auto text = bytes_of("beat " + std::to_string(sequence));
  payload.insert(payload.end(), text.begin(), text.end());
  return payload;
}

nlohmann::json summary_of(const std::string& err) {
  for (const std::string& line : lines_of(err)) {
    if (!line.empty() && line.front() == '{') return nlohmann::json::parse(line);
  }
  ADD_FAILURE() << "no JSON summary in: " << err;
  return {};
}

// What the impairment did, and the jitter RFC 3550 gives for it.
struct Impairment {
  std::uint64_t sent = 0;  // with the header
  std::uint64_t dropped = 0;
  std::uint64_t swapped = 0;
  std::uint64_t duplicated = 0;
  double jitter_ns = 0;
  bool any = false;
  std::int64_t last_sent_at = 0;       // when the test sent it (its clock)
  std::uint64_t last_header_time = 0;  // the send time in its header
  void sent_one(std::int64_t at, std::uint64_t header_time) {
    if (any) {
      const double d = static_cast<double>(at - last_sent_at) -
                       (static_cast<double>(header_time) - static_cast<double>(last_header_time));
      jitter_ns += (std::fabs(d) - jitter_ns) / 16.0;
    }
    any = true;
    last_sent_at = at;
    last_header_time = header_time;
    ++sent;
  }
};

TEST(Stats, CountsAndJitterEqualWhatTheImpairmentDid) {
  constexpr std::uint64_t sequences = 300;
  constexpr std::uint64_t plain = 3;  // datagrams without the header
  std::mt19937 random(24);            // the same schedule on every platform
  // Each datagram's delay, 0-2 s: the header's send time is that much
  // before the moment the test sends it, which is what a relay holding it
  // that long does to its transit time. The delays swamp the loopback's own
  // variation (microseconds; milliseconds on a loaded machine).
  std::vector<std::uint64_t> delay(sequences);
  for (auto& d : delay) d = (random() % 2000) * 1'000'000;
  // What happens to each: i % 10 == 3 may be dropped, == 5 duplicated,
  // == 7 swapped with the next; never two to one datagram.
  struct Send {
    std::uint64_t sequence;
    bool twice;
  };
  std::vector<Send> schedule;
  Impairment done;
  for (std::uint64_t i = 0; i < sequences; ++i) {
    const auto r = random() % 3;
    if (i % 10 == 3 && r == 0) {
      ++done.dropped;
    } else if (i % 10 == 7 && r == 1) {
      schedule.push_back({i + 1, false});
      schedule.push_back({i, false});
      ++done.swapped;
      ++i;
    } else if (i % 10 == 5 && r == 2) {
      schedule.push_back({i, true});
      ++done.duplicated;
    } else {
      schedule.push_back({i, false});
    }
  }
  std::uint64_t total = plain;
  for (const Send& send : schedule) total += send.twice ? 2 : 1;
  auto listener =
      start_listener({"--stats", "-f", "json", "--summary", "json", "-n", std::to_string(total),
                      "-t", "60s", "--no-progress", "--rcvbuf", "1048576"});
  ASSERT_NE(listener.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  const auto to = loopback(net::Family::ipv4, listener.port);
  const std::uint64_t base = 1'800'000'000'000'000'000;  // the sender's clock, made up
  const std::int64_t start = steady_ns();
  for (std::size_t k = 0; k < schedule.size(); ++k) {
    if (k % 100 == 50) {
      ASSERT_TRUE(client.send_to(bytes_of("no header"), to).ok());
    }
    const Send& send = schedule[k];
    const std::int64_t at = steady_ns();
    const std::uint64_t header_time =
        base + static_cast<std::uint64_t>(at - start) + 2'000'000'000 - delay[send.sequence];
    const auto payload = with_header(send.sequence, header_time);
    ASSERT_TRUE(client.send_to(payload, to).ok());
    done.sent_one(at, header_time);
    if (send.twice) {
      // The copy a relay makes: the same bytes, a moment later.
      const std::int64_t again = steady_ns();
      ASSERT_TRUE(client.send_to(payload, to).ok());
      done.sent_one(again, header_time);
    }
    std::this_thread::sleep_for(1ms);
  }
  const auto heard = listener.process.wait(60s);
  ASSERT_EQ(heard.exit_code, 0) << heard.err;

  std::uint64_t records = 0;
  for (const std::string& line : lines_of(heard.out)) {
    const auto record = nlohmann::json::parse(line);
    ++records;
    if (record.contains("seq")) {
      EXPECT_EQ(record["text"], "beat " + std::to_string(record["seq"].get<std::uint64_t>()));
    } else {
      EXPECT_EQ(record["text"], "no header");
    }
  }
  EXPECT_EQ(records, total);
  const auto summary = summary_of(heard.err);
  EXPECT_EQ(summary["without_header"], plain);
  ASSERT_EQ(summary["stats"].size(), 1u) << heard.err;
  const auto& stats = summary["stats"][0];
  EXPECT_EQ(stats["received"], done.sent);
  EXPECT_EQ(stats["lost"], done.dropped);
  EXPECT_EQ(stats["reordered"], done.swapped);
  EXPECT_EQ(stats["duplicated"], done.duplicated);
  EXPECT_EQ(stats["late"], 0);
  const double expected_ms = done.jitter_ns / 1e6;
  const double measured_ms = stats["jitter_ms"];
  std::printf(
      "dropped %llu, swapped %llu, duplicated %llu; jitter %.3f ms, RFC 3550 of the "
      "delays %.3f ms (%.3f%% off)\n",
      static_cast<unsigned long long>(done.dropped), static_cast<unsigned long long>(done.swapped),
      static_cast<unsigned long long>(done.duplicated), measured_ms, expected_ms,
      100 * std::fabs(measured_ms - expected_ms) / expected_ms);
  EXPECT_GT(done.dropped, 0u);
  EXPECT_GT(done.swapped, 0u);
  EXPECT_GT(done.duplicated, 0u);
  EXPECT_NEAR(measured_ms, expected_ms, expected_ms * 0.01);
}

TEST(Stats, PeriodicLinesAndTextRecords) {
  auto listener = start_listener({"--stats", "--stats-every", "100ms", "-n", "3", "-t", "60s"});
  ASSERT_NE(listener.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  const auto to = loopback(net::Family::ipv4, listener.port);
  ASSERT_TRUE(client.send_to(with_header(0, 1'000'000'000), to).ok());
  ASSERT_TRUE(client.send_to(with_header(2, 1'020'000'000), to).ok());
  const std::string sender = "127.0.0.1:" + std::to_string(port_of(client));
  EXPECT_TRUE(listener.process.wait_for_stderr(
      sender + ": 2 received, 1 lost, 0 reordered, 0 duplicated, 0 late, jitter ", 60s));
  ASSERT_TRUE(client.send_to(with_header(1, 1'010'000'000), to).ok());
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  EXPECT_EQ(heard.out, sender + " [seq 0] beat 0\n" + sender + " [seq 2] beat 2\n" + sender +
                           " [seq 1] beat 1\n");
  EXPECT_NE(heard.err.find("dgram: stats 20"), std::string::npos) << heard.err;
  EXPECT_NE(heard.err.find("dgram: stats: 1 sender with the sequence header, 0 without\ndgram:   " +
                           sender + ": 3 received, 0 lost, 1 reordered, 0 duplicated, 0 late"),
            std::string::npos)
      << heard.err;
}

TEST(Stats, BadValuesAreUsageErrors) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"listen", "0", "--stats-every", "1s"},
                                             {"listen", "0", "--stats", "--stats-every", "often"},
                                             {"listen", "0", "--stats", "--exec", "exit 0"}}) {
    const auto result = run_dgram(args);
    EXPECT_EQ(result.exit_code, 2) << args.back();
    EXPECT_EQ(result.err.rfind("dgram: error: ", 0), 0u) << result.err;
  }
}

}  // namespace
}  // namespace dgram::test
