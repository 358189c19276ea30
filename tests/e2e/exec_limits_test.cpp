// listen --exec within its bounds: the handler time limit (with what a
// handler started), at most --exec-jobs at once and the queue, Ctrl+C.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <utility>
#include <vector>

#include "e2e/exec_support.hpp"
#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

std::string port_text(std::uint16_t port) { return std::to_string(port); }

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

TEST(ExecLimits, TimedOutHandlerIsKilledWithItsChild) {
  const auto dir = fresh_directory("timeout");
  const auto pid_file = dir / "child.pid";
  auto listener =
      start_listener({"--exec", tool_command("child \"" + pid_file.string() + "\""),
                      "--exec-timeout", "1500ms", "-n", "1", "-t", "60s", "--summary", "json"});
  ASSERT_NE(listener.port, 0);
  ASSERT_EQ(run_dgram({"send", "127.0.0.1", port_text(listener.port), "hi"}).exit_code, 0);
  const std::string child = trimmed(wait_for_file(pid_file));
  ASSERT_FALSE(child.empty()) << "the handler did not start its child";
  const auto heard = listener.process.wait(60s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  EXPECT_NE(heard.out.find(" [timed out after 1500 ms] hi\n"), std::string::npos) << heard.out;
  EXPECT_NE(heard.err.find("ran past --exec-timeout (1500 ms) and was killed with everything it "
                           "started"),
            std::string::npos)
      << heard.err;
  const auto summary = json_summary(heard.err);
  EXPECT_EQ(summary["handlers_timed_out"], 1);
  EXPECT_EQ(summary["handlers_run"], 1);
  EXPECT_FALSE(still_running(child)) << "the handler's child " << child << " outlived it";
  std::filesystem::remove_all(dir);
}

// Start and end times of every handler run, from the files they left.
std::vector<std::pair<long long, long long>> runs_in(const std::filesystem::path& dir) {
  std::vector<std::pair<long long, long long>> runs;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    long long start = 0;
    long long end = 0;
    if (std::sscanf(file_text(entry.path()).c_str(), "%lld %lld", &start, &end) == 2) {
      runs.emplace_back(start, end);
    }
  }
  return runs;
}

std::size_t most_at_once(std::vector<std::pair<long long, long long>> runs) {
  std::vector<std::pair<long long, int>> edges;
  for (const auto& [start, end] : runs) {
    edges.emplace_back(start, +1);
    edges.emplace_back(end, -1);
  }
  std::sort(edges.begin(), edges.end());  // an end before a start at the same time
  int now = 0;
  int most = 0;
  for (const auto& edge : edges) most = std::max(most, now += edge.second);
  return static_cast<std::size_t>(most);
}

TEST(ExecLimits, NeverMoreThanJobsAtOnceAndEveryDatagramAccountedFor) {
  constexpr int datagrams = 200;
  const auto dir = fresh_directory("jobs");
  auto listener =
      start_listener({"--exec", tool_command("log \"" + dir.string() + "\" 150"), "--exec-jobs",
                      "4", "--exec-queue", "10", "-n", std::to_string(datagrams), "-t", "120s",
                      "--summary", "json", "-q", "--rcvbuf", "1048576"});
  ASSERT_NE(listener.port, 0);
  const auto sent = run_dgram(
      {"send", "127.0.0.1", port_text(listener.port), "job", "-n", std::to_string(datagrams)});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  const auto heard = listener.process.wait(120s);
  ASSERT_EQ(heard.exit_code, 0) << heard.err;
  const auto summary = json_summary(heard.err);
  EXPECT_EQ(summary["received"], datagrams);
  const auto run = summary["handlers_run"].get<int>();
  const auto dropped = summary["handlers_dropped"].get<int>();
  EXPECT_EQ(run + dropped, datagrams) << heard.err;
  EXPECT_GE(run, 14) << "4 running and 10 queued at least";
  EXPECT_GT(dropped, 0) << "a burst of 200 against 150 ms handlers must overflow 4 + 10";
  EXPECT_EQ(summary["handlers_ok"], run);
  const auto runs = runs_in(dir);
  EXPECT_EQ(runs.size(), static_cast<std::size_t>(run));
  const std::size_t most = most_at_once(runs);
  EXPECT_LE(most, 4u);
  EXPECT_GE(most, 2u) << "handlers ran one at a time";
  std::cout << "[ measured ] " << run << " run, " << dropped << " dropped, at most " << most
            << " at once\n";
  std::filesystem::remove_all(dir);
}

TEST(ExecLimits, InterruptEndsRunningHandlersAndLeavesNoProcess) {
  const auto dir = fresh_directory("interrupt");
  const auto pid_file = dir / "child.pid";
  auto listener = start_listener(
      {"--exec", tool_command("child \"" + pid_file.string() + "\""), "--summary", "json"});
  ASSERT_NE(listener.port, 0);
  ASSERT_EQ(run_dgram({"send", "127.0.0.1", port_text(listener.port), "hi"}).exit_code, 0);
  const std::string child = trimmed(wait_for_file(pid_file));
  ASSERT_FALSE(child.empty()) << "the handler did not start its child";
  listener.process.interrupt();
  const auto start = std::chrono::steady_clock::now();
  const auto heard = listener.process.wait(60s);
  EXPECT_TRUE(ended_by_interrupt(heard)) << heard.exit_code << " " << heard.err;
  std::cout << "[ measured ] ended "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - start)
                   .count()
            << " ms after the interrupt\n";
  const auto summary = json_summary(heard.err);
  EXPECT_EQ(summary["handlers_stopped"], 1);
  EXPECT_EQ(summary["exit_code"], 130);
  EXPECT_FALSE(still_running(child)) << "the handler's child " << child << " outlived dgram";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dgram::test
