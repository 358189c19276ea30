// send --seq → an impairment relay → listen --stats, all real: the relay is
// this test, which takes every datagram the real `dgram send --seq` sent,
// drops, swaps and duplicates some (seeded, so the same on every platform)
// and passes them on with gaps it chooses. The listener's counts must equal
// what the relay did, exactly; its jitter must follow the relay's gaps.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>
#include <vector>

#include "common/seq_header.hpp"
#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

TEST(StatsRelay, RealSendSeqThroughAnImpairmentRelay) {
  constexpr int sent = 200;
  // The relay takes the whole run first: dgram send blasts it in a moment.
  auto relay = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(relay.set_receive_buffer(4 * 1024 * 1024).ok());
  const auto run = run_dgram({"send", "127.0.0.1", std::to_string(port_of(relay)), "beat", "--seq",
                              "-n", std::to_string(sent)});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<Datagram> taken;
  for (int i = 0; i < sent; ++i) {
    auto datagram = receive(relay, 30s);
    ASSERT_TRUE(datagram) << "the relay got " << i << " of " << sent;
    taken.push_back(std::move(*datagram));
  }
  // What the relay does: i % 10 == 3 may be dropped, == 5 duplicated, == 7
  // swapped with the next.
  std::mt19937 random(2024);
  std::vector<const Datagram*> plan;
  std::uint64_t dropped = 0;
  std::uint64_t swapped = 0;
  std::uint64_t duplicated = 0;
  for (std::size_t i = 0; i < taken.size(); ++i) {
    const auto r = random() % 3;
    if (i % 10 == 3 && r == 0) {
      ++dropped;
    } else if (i % 10 == 7 && r == 1 && i + 1 < taken.size()) {
      plan.push_back(&taken[i + 1]);
      plan.push_back(&taken[i]);
      ++swapped;
      ++i;
    } else if (i % 10 == 5 && r == 2) {
      plan.push_back(&taken[i]);
      plan.push_back(&taken[i]);
      ++duplicated;
    } else {
      plan.push_back(&taken[i]);
    }
  }
  auto listener = start_listener({"--stats", "-q", "--summary", "json", "-n",
                                  std::to_string(plan.size()), "-t", "60s", "--no-progress"});
  ASSERT_NE(listener.port, 0);
  const auto to = loopback(net::Family::ipv4, listener.port);
  // Gaps of 2-12 ms: the relay's delays, far above loopback's own variation.
  double jitter_ns = 0;
  std::int64_t last_at = 0;
  std::uint64_t last_sent = 0;
  for (std::size_t k = 0; k < plan.size(); ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2 + random() % 11));
    const auto header = read_seq_header(plan[k]->payload);
    ASSERT_TRUE(header) << "dgram send --seq wrote no header";
    const std::int64_t at = steady_ns();
    ASSERT_TRUE(relay.send_to(plan[k]->payload, to).ok());
    if (k > 0) {
      const double d = static_cast<double>(at - last_at) -
                       (static_cast<double>(header->sent_ns) - static_cast<double>(last_sent));
      jitter_ns += (std::fabs(d) - jitter_ns) / 16.0;
    }
    last_at = at;
    last_sent = header->sent_ns;
  }
  const auto heard = listener.process.wait(60s);
  ASSERT_EQ(heard.exit_code, 0) << heard.err;
  nlohmann::json summary;
  for (const auto& line : lines_of(heard.err)) {
    if (line.starts_with("{")) summary = nlohmann::json::parse(line);
  }
  ASSERT_EQ(summary["stats"].size(), 1u) << heard.err;
  const auto& stats = summary["stats"][0];
  EXPECT_EQ(stats["received"], plan.size());
  EXPECT_EQ(stats["lost"], dropped);
  EXPECT_EQ(stats["reordered"], swapped);
  EXPECT_EQ(stats["duplicated"], duplicated);
  EXPECT_GT(dropped * swapped * duplicated, 0u) << "the seed impairs in every way";
  const double expected_ms = jitter_ns / 1e6;
  const double measured_ms = stats["jitter_ms"];
  std::printf("[ measured ] jitter %.4f ms, RFC 3550 of the relay's own times %.4f ms (%.2f%%)\n",
              measured_ms, expected_ms, 100 * std::fabs(measured_ms - expected_ms) / expected_ms);
  // The relay's clock stands in for the listener's arrival times: a loaded
  // machine delays an arrival, so this bound is wider than the 1% of
  // Stats.CountsAndJitterEqualWhatTheImpairmentDid, whose delays ride in the
  // header instead.
  EXPECT_NEAR(measured_ms, expected_ms, expected_ms * 0.25);
}

}  // namespace
}  // namespace dgram::test
