// listen --forward's budget on what goes back to one client address
// (--forward-budget): a flood of small requests whose answers are big gets
// back little more than it sent, while a DNS-like exchange is never held
// back. The client stands in for the victim of forged requests: what it
// receives against what was sent in its name.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

constexpr std::uint64_t default_rate = 32768;  // bytes a second, the documented default
constexpr std::uint64_t burst = 65536;

nlohmann::json summary_of(const std::string& err) {
  const auto lines = lines_of(err);
  for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
    if (line->starts_with("{")) return nlohmann::json::parse(*line);
  }
  ADD_FAILURE() << "no JSON summary in: " << err;
  return nlohmann::json::object();
}

// An upstream that answers every request with `answer_size` bytes until it
// hears nothing for a while; counts what it sent.
struct Upstream {
  net::UdpSocket socket = bound_loopback_socket(net::Family::ipv4);
  std::atomic<std::uint64_t> answered_bytes{0};
  std::thread thread;

  void start(std::size_t answer_size) {
    thread = std::thread([this, answer_size] {
      const auto answer = pattern(answer_size);
      while (auto got = receive(socket, 3s)) {
        if (socket.send_to(answer, got->from).ok()) answered_bytes += answer.size();
      }
    });
  }
  ~Upstream() {
    if (thread.joinable()) thread.join();
  }
};

struct Flood {
  std::uint64_t sent_bytes = 0;
  std::uint64_t received_bytes = 0;
  nlohmann::json summary;
};

// 10,000 requests of 40 bytes in about a second from one client socket
// through a relay whose upstream answers each with 800 bytes.
Flood flood_through_relay(const std::vector<std::string>& budget) {
  Upstream upstream;
  EXPECT_TRUE(upstream.socket.set_receive_buffer(4 * 1024 * 1024).ok());
  std::vector<std::string> args{
      "--forward", "127.0.0.1:" + std::to_string(port_of(upstream.socket)),
      "-q",        "--summary",
      "json",      "-t",
      "3s"};
  args.insert(args.end(), budget.begin(), budget.end());
  auto relay = start_listener(args);
  Flood flood;
  EXPECT_NE(relay.port, 0);
  if (relay.port == 0) return flood;
  upstream.start(800);
  auto client = bound_loopback_socket(net::Family::ipv4);
  (void)client.set_receive_buffer(8 * 1024 * 1024);
  std::atomic<std::uint64_t> received{0};
  std::thread receiver([&] {
    while (auto got = receive(client, 3s)) received += got->payload.size();
  });
  const auto request = pattern(40);
  const auto start = std::chrono::steady_clock::now();
  for (int tick = 0; tick < 100; ++tick) {  // 100 requests every 10 ms
    std::this_thread::sleep_until(start + tick * 10ms);
    for (int i = 0; i < 100; ++i) {
      if (client.send_to(request, loopback(net::Family::ipv4, relay.port)).ok()) {
        flood.sent_bytes += request.size();
      }
    }
  }
  const auto ended = relay.process.wait(60s);
  EXPECT_EQ(ended.exit_code, 3) << ended.err;
  receiver.join();
  flood.received_bytes = received;
  flood.summary = summary_of(ended.err);
  std::printf(
      "flood %s: %llu bytes sent, relayed %llu, the upstream answered %llu bytes, %llu "
      "came back (%llu held back), the client received %llu, in %.3f s\n",
      budget.empty() ? "default budget" : budget.back().c_str(),
      static_cast<unsigned long long>(flood.sent_bytes), flood.summary.value("relayed", 0ull),
      static_cast<unsigned long long>(upstream.answered_bytes.load()),
      flood.summary.value("answer_bytes", 0ull),
      flood.summary.value("answer_bytes_held_back", 0ull),
      static_cast<unsigned long long>(flood.received_bytes),
      flood.summary.value("elapsed_seconds", 0.0));
  return flood;
}

// What the documented budget lets back over a run of `seconds` in which the
// client sent `sent` bytes.
double budget_over(double seconds, std::uint64_t sent) {
  return static_cast<double>(burst) + static_cast<double>(default_rate) * seconds +
         static_cast<double>(sent);
}

TEST(RelayBudget, AFloodOfSmallRequestsGetsBackNoMoreThanTheBudget) {
  const Flood flood = flood_through_relay({});
  const auto& summary = flood.summary;
  ASSERT_TRUE(summary.contains("answer_bytes")) << summary.dump();
  // Every datagram the relay took in counts as sent by the client, also one
  // it then failed to relay (a full buffer under load).
  const double bound =
      budget_over(summary["elapsed_seconds"].get<double>(), summary["bytes"].get<std::uint64_t>());
  EXPECT_LE(static_cast<double>(summary["answer_bytes"].get<std::uint64_t>()), bound)
      << summary.dump();
  EXPECT_LE(flood.received_bytes, summary["answer_bytes"].get<std::uint64_t>());
  // Enough relayed that the upstream's answers outweigh the burst (natively
  // all 10,000; under Wine, on a busy machine, a few hundred to thousands).
  EXPECT_GT(summary["relayed"].get<std::uint64_t>(), 200u) << summary.dump();
  // What the relay did not send is counted, in answers and in bytes.
  EXPECT_GT(summary["answers_held_back"].get<std::uint64_t>(), 0u) << summary.dump();
  EXPECT_EQ(summary["answer_bytes_held_back"].get<std::uint64_t>(),
            800 * summary["answers_held_back"].get<std::uint64_t>());
}

TEST(RelayBudget, OffTheSameFloodIsMultiplied) {
  const Flood flood = flood_through_relay({"--forward-budget", "off"});
  const auto& summary = flood.summary;
  ASSERT_TRUE(summary.contains("answer_bytes")) << summary.dump();
  EXPECT_EQ(summary["answers_held_back"].get<std::uint64_t>(), 0u);
  // Every 40 bytes relayed draw 800 back (less what a full buffer drops):
  // many times what was sent in the client's name. (How much of the flood a
  // relay takes in depends on the OS's buffers: Wine's take less.)
  EXPECT_GE(summary["answer_bytes"].get<std::uint64_t>(),
            5 * 40 * summary["relayed"].get<std::uint64_t>())
      << summary.dump();
  EXPECT_GT(summary["relayed"].get<std::uint64_t>(), 100u);
}

TEST(RelayBudget, ADnsLikeExchangeAtTenASecondIsNeverHeldBack) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  auto relay = start_listener({"--forward", "127.0.0.1:" + std::to_string(port_of(upstream)), "-q",
                               "--summary", "json", "-t", "2s"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  const auto question = pattern(40);
  const auto answer = pattern(500);
  constexpr int exchanges = 40;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < exchanges; ++i) {
    std::this_thread::sleep_until(start + i * 100ms);  // ten a second, one at a time
    ASSERT_TRUE(client.send_to(question, loopback(net::Family::ipv4, relay.port)).ok());
    const auto asked = receive(upstream, 10s);
    ASSERT_TRUE(asked) << "question " << i;
    ASSERT_TRUE(upstream.send_to(answer, asked->from).ok());
    const auto back = receive(client, 10s);
    ASSERT_TRUE(back) << "no answer to question " << i;
    EXPECT_EQ(back->payload.size(), answer.size());
  }
  const auto ended = relay.process.wait(30s);
  EXPECT_EQ(ended.exit_code, 3) << ended.err;
  const auto summary = summary_of(ended.err);
  EXPECT_EQ(summary["answers"], exchanges);
  EXPECT_EQ(summary["answers_held_back"], 0);
}

TEST(RelayBudget, HeldBackAnswersAreInTheTextSummary) {
  auto upstream = bound_loopback_socket(net::Family::ipv4);
  // 0 bytes a second beyond what was sent: the burst, then one byte back per byte sent.
  auto relay = start_listener({"--forward", "127.0.0.1:" + std::to_string(port_of(upstream)), "-q",
                               "--forward-budget", "0", "-t", "2s"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  const auto big = pattern(60000);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.send_to(bytes_of("q"), loopback(net::Family::ipv4, relay.port)).ok());
    const auto asked = receive(upstream, 10s);
    ASSERT_TRUE(asked);
    ASSERT_TRUE(upstream.send_to(big, asked->from).ok());
  }
  // The first answer fits the burst; the next two do not.
  ASSERT_TRUE(receive(client, 10s));
  const auto ended = relay.process.wait(30s);
  EXPECT_EQ(ended.exit_code, 3) << ended.err;
  EXPECT_NE(ended.err.find(", 1 answer back (60000 bytes)"), std::string::npos) << ended.err;
  EXPECT_NE(ended.err.find(", 2 answers (120000 bytes) held back by --forward-budget"),
            std::string::npos)
      << ended.err;
}

}  // namespace
}  // namespace dgram::test
