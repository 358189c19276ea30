// listen --watch: who has gone quiet. Senders on a schedule from the test's
// own loopback sockets; the events and the summary are dgram's, in JSON.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <list>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

std::string sender_of(const net::UdpSocket& socket) {
  return "127.0.0.1:" + std::to_string(port_of(socket));
}

// What a quiet event for `sender` looks like in -f json.
std::string quiet_needle(const std::string& sender) {
  return "\"event\":\"quiet\",\"sender\":\"" + sender + "\"";
}

void send_one(net::UdpSocket& socket, std::uint16_t port) {
  ASSERT_TRUE(socket.send_to(bytes_of("beat"), loopback(net::Family::ipv4, port)).ok());
}

// The --summary json line among the listener's stderr lines.
nlohmann::json summary_of(const std::string& err) {
  for (const std::string& line : lines_of(err)) {
    if (!line.empty() && line.front() == '{') return nlohmann::json::parse(line);
  }
  ADD_FAILURE() << "no JSON summary in: " << err;
  return {};
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// One keeps going, one stops, one stops and comes back: exactly their
// new/quiet/back events, each quiet one written soon after its deadline
// (a timer's doing: nothing arrives from that sender to set it off).
TEST(Watch, ThreeSendersOnASchedule) {
  constexpr double quiet_after = 2.0;  // seconds; the steady sender beats every 0.2 s
  auto listener = start_listener(
      {"--watch", "2s", "--watch-key", "endpoint", "-f", "json", "--summary", "json", "-t", "4s"});
  ASSERT_NE(listener.port, 0);
  auto steady = bound_loopback_socket(net::Family::ipv4);
  auto stops = bound_loopback_socket(net::Family::ipv4);
  auto returns = bound_loopback_socket(net::Family::ipv4);
  std::atomic<bool> beating{true};
  std::atomic<int> beats{0};
  std::thread heart([&] {
    while (beating) {
      send_one(steady, listener.port);
      ++beats;
      std::this_thread::sleep_for(200ms);
    }
  });
  send_one(stops, listener.port);
  send_one(returns, listener.port);
  std::this_thread::sleep_for(200ms);
  send_one(stops, listener.port);
  EXPECT_TRUE(listener.process.wait_for_stdout(quiet_needle(sender_of(returns)), 60s));
  EXPECT_TRUE(listener.process.wait_for_stdout(quiet_needle(sender_of(stops)), 60s));
  send_one(returns, listener.port);
  EXPECT_TRUE(listener.process.wait_for_stdout("\"event\":\"back\"", 60s));
  // Its second quiet event: after the back event in the output.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (count_of(listener.process.stdout_text(), quiet_needle(sender_of(returns))) < 2 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  beating = false;
  heart.join();
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 3) << heard.err;  // -t, 4 s after the last beat

  std::map<std::string, std::vector<std::string>> events;
  for (const std::string& line : lines_of(heard.out)) {
    const auto event = nlohmann::json::parse(line);
    events[event["sender"]].push_back(event["event"]);
    if (event["event"] != "new") {
      const double silent = event["silent_seconds"];
      if (event["event"] == "quiet") {
        const double late = silent - quiet_after;
        std::printf("quiet %s: %.1f ms after its deadline\n",
                    event["sender"].get<std::string>().c_str(), late * 1000);
        EXPECT_GE(late, 0.0);
        EXPECT_LT(late, 1.5) << "a timer, not the next datagram, must write it";
      } else {
        EXPECT_GT(silent, quiet_after);
      }
    }
  }
  using Events = std::vector<std::string>;
  EXPECT_EQ(events[sender_of(steady)], (Events{"new", "quiet"}));
  EXPECT_EQ(events[sender_of(stops)], (Events{"new", "quiet"}));
  EXPECT_EQ(events[sender_of(returns)], (Events{"new", "quiet", "back", "quiet"}));
  EXPECT_EQ(events.size(), 3u);

  const auto summary = summary_of(heard.err);
  EXPECT_EQ(summary["watched"], 3);
  EXPECT_EQ(summary["quiet_at_end"], 3);
  EXPECT_EQ(summary["evicted"], 0);
  std::map<std::string, nlohmann::json> senders;
  for (const auto& sender : summary["senders"]) senders[sender["sender"]] = sender;
  EXPECT_EQ(senders[sender_of(steady)]["datagrams"], beats.load());
  EXPECT_EQ(senders[sender_of(stops)]["datagrams"], 2);
  EXPECT_EQ(senders[sender_of(stops)]["bytes"], 8);
  EXPECT_EQ(senders[sender_of(returns)]["datagrams"], 2);
  EXPECT_EQ(senders[sender_of(returns)]["times_quiet"], 2);
  EXPECT_EQ(senders[sender_of(steady)]["times_quiet"], 1);
  for (const auto& [name, sender] : senders) EXPECT_TRUE(sender["quiet"].get<bool>()) << name;
}

// The least recently heard of a full table gives way, as a model of it says.
class LruModel {
 public:
  explicit LruModel(std::size_t most) : most_(most) {}
  bool heard(std::uint16_t port) {
    if (auto found = index_.find(port); found != index_.end()) {
      order_.splice(order_.end(), order_, found->second);
      return false;
    }
    if (order_.size() == most_) {
      index_.erase(order_.front());
      order_.pop_front();
      ++evicted;
    }
    index_[port] = order_.insert(order_.end(), port);
    return true;
  }
  std::set<std::uint16_t> ports() const { return {order_.begin(), order_.end()}; }
  std::uint64_t evicted = 0;

 private:
  std::size_t most_;
  std::list<std::uint16_t> order_;
  std::unordered_map<std::uint16_t, std::list<std::uint16_t>::iterator> index_;
};

TEST(Watch, TenThousandSendersKeepTheTableBounded) {
  constexpr int groups = 100;
  constexpr int per_group = 100;  // open at once, so their ports differ
  constexpr std::size_t table = 100;
  auto listener = start_listener({"--watch", "1m", "--watch-key", "endpoint", "--watch-senders",
                                  "100", "-f", "json", "--summary", "json", "-n", "10000", "-t",
                                  "60s", "--no-progress", "--rcvbuf", "1048576"});
  ASSERT_NE(listener.port, 0);
  LruModel model(table);
  std::uint64_t fresh = 0;
  for (int group = 0; group < groups; ++group) {
    std::vector<net::UdpSocket> sockets;
    for (int i = 0; i < per_group; ++i) {
      sockets.push_back(bound_loopback_socket(net::Family::ipv4));
      send_one(sockets.back(), listener.port);
      if (model.heard(port_of(sockets.back()))) ++fresh;
    }
    // Paced by the listener's own events (every new sender so far told),
    // so that its receive buffer never overflows.
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (count_of(listener.process.stdout_text(), "\"event\":\"new\"") < fresh) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline)
          << "group " << group << ": " << listener.process.stderr_text();
      std::this_thread::sleep_for(5ms);
    }
  }
  const auto heard = listener.process.wait(60s);
  ASSERT_EQ(heard.exit_code, 0) << heard.err;
  EXPECT_EQ(count_of(heard.out, "\"event\":\"new\""), fresh);
  const auto summary = summary_of(heard.err);
  std::printf("10000 datagrams from %llu senders by endpoint; %llu evicted\n",
              static_cast<unsigned long long>(fresh),
              static_cast<unsigned long long>(model.evicted));
  EXPECT_EQ(summary["received"], 10000);
  EXPECT_EQ(summary["watched"], table);
  EXPECT_EQ(summary["evicted"], model.evicted);
  EXPECT_GE(model.evicted, 9000u);
  std::set<std::uint16_t> kept;
  for (const auto& sender : summary["senders"]) {
    const std::string name = sender["sender"];
    kept.insert(static_cast<std::uint16_t>(std::stoi(name.substr(name.rfind(':') + 1))));
  }
  EXPECT_EQ(kept, model.ports());
}

TEST(Watch, TextEventsAndSummary) {
  auto listener = start_listener({"--watch", "300ms", "-t", "3s"});
  ASSERT_NE(listener.port, 0);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  send_one(sender, listener.port);
  ASSERT_TRUE(listener.process.wait_for_stdout(" quiet 127.0.0.1 (last heard ", 60s));
  send_one(sender, listener.port);
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 3) << heard.err;
  const auto lines = lines_of(heard.out);
  ASSERT_EQ(lines.size(), 4u) << heard.out;
  EXPECT_NE(lines[0].find("Z new 127.0.0.1"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("Z quiet 127.0.0.1 (last heard 0."), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("Z back 127.0.0.1 (unheard for "), std::string::npos) << lines[2];
  EXPECT_NE(lines[3].find("Z quiet 127.0.0.1"), std::string::npos) << lines[3];
  EXPECT_NE(heard.err.find("dgram: watched 1 sender (quiet after 300 ms): 1 quiet at the end, 0 "
                           "evicted\ndgram:   127.0.0.1: 2 datagrams, 8 bytes, first heard 20"),
            std::string::npos)
      << heard.err;
  EXPECT_NE(heard.err.find("quiet 2 times (quiet at the end)"), std::string::npos) << heard.err;
}

TEST(Watch, BadValuesAreUsageErrors) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"listen", "0", "--watch", "soon"},
           {"listen", "0", "--watch", "5s", "--watch-key", "port"},
           {"listen", "0", "--watch", "5s", "--watch-senders", "0"},
           {"listen", "0", "--watch-key", "endpoint"},
           {"listen", "0", "--watch", "5s", "--forward", "127.0.0.1:9"}}) {
    const auto result = run_dgram(args);
    EXPECT_EQ(result.exit_code, 2) << args.back();
    EXPECT_EQ(result.err.rfind("dgram: error: ", 0), 0u) << result.err;
  }
}

}  // namespace
}  // namespace dgram::test
