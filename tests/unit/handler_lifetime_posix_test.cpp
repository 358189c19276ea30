// How a handler run ends (src/posix/handler_process_posix.cpp): on time or
// stopped, with everything it started killed and reaped, no descriptor of
// dgram's handed to it or left open, and many at once on many threads.
#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <future>
#include <string>
#include <thread>

#include "common/system.hpp"
#include "support/loopback.hpp"
#include "unit/handler_run_posix.hpp"

namespace dgram {
namespace {

using namespace std::chrono_literals;
using sys::HandlerEnd;
using test::run_handler;

// A file of this test's own for a handler to write to.
std::string scratch_file(const char* name) {
  return testing::TempDir() + "dgram_handler_" + std::to_string(getpid()) + "_" + name;
}

std::size_t open_descriptors() {
  std::size_t count = 0;
  DIR* dir = opendir("/dev/fd");
  if (dir == nullptr) return 0;
  while (const dirent* entry = readdir(dir)) count += entry->d_name[0] != '.';
  closedir(dir);
  return count;
}

TEST(HandlerLifetime, PastItsTimeItIsKilledWithWhatItStarted) {
  const std::string pid_file = scratch_file("timeout_pid");
  std::remove(pid_file.c_str());
  auto request = test::handler_request("sleep 30 & echo $! > '" + pid_file + "'; sleep 30");
  request.timeout = 300ms;
  const auto run = test::run_handler(request);
  EXPECT_EQ(run.result.end, HandlerEnd::timed_out);
  EXPECT_GE(run.result.ran, 300ms);
  EXPECT_LT(run.result.ran, 20s);
  pid_t background = 0;
  ASSERT_TRUE(std::ifstream(pid_file) >> background) << "the handler wrote no pid";
  std::remove(pid_file.c_str());
  EXPECT_TRUE(test::process_ends(background)) << "the background sleep " << background;
}

TEST(HandlerLifetime, WhatItLeftRunningInTheBackgroundIsKilledAtItsEnd) {
  const auto run = run_handler("sleep 30 >/dev/null 2>&1 & echo $!");
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_LT(run.result.ran, 20s);
  const pid_t background = std::stoi(run.output());
  EXPECT_TRUE(test::process_ends(background)) << "the background sleep " << background;
}

TEST(HandlerLifetime, StopFromAnotherThreadEndsItSoon) {
  signal(SIGPIPE, SIG_IGN);
  sys::HandlerProcess process;
  std::promise<void> started;
  sys::HandlerResult result;
  std::thread runner([&] {
    result = process.run(test::handler_request("echo started >&2; sleep 30"),
                         [&](std::string_view line) {
                           if (line == "started") started.set_value();
                         });
  });
  ASSERT_EQ(started.get_future().wait_for(60s), std::future_status::ready);
  const auto asked = std::chrono::steady_clock::now();
  process.stop();
  runner.join();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 10s);
  EXPECT_EQ(result.end, HandlerEnd::stopped);
  process.stop();  // again, after the end: nothing to do
}

TEST(HandlerLifetime, AStopBeforeTheRunStartsNothing) {
  const std::string marker = scratch_file("stopped_marker");
  std::remove(marker.c_str());
  sys::HandlerProcess process;
  process.stop();
  const auto result = process.run(test::handler_request("echo ran > '" + marker + "'"), {});
  EXPECT_EQ(result.end, HandlerEnd::stopped);
  EXPECT_FALSE(std::ifstream(marker).is_open()) << "the handler ran";
  std::remove(marker.c_str());
}

TEST(HandlerLifetime, ManyRunsLeaveNoDescriptorAndNoZombie) {
  run_handler("true");  // whatever the first run opens once (locale, ...)
  const std::size_t before = open_descriptors();
  ASSERT_GT(before, 0u);
  for (int i = 0; i < 50; ++i) {
    const auto run = run_handler("cat; echo oops >&2; exit 1", "input");
    ASSERT_EQ(run.result.code, 1);
    ASSERT_EQ(run.output(), "input");
  }
  auto request = test::handler_request("sleep 30");
  request.timeout = 50ms;
  EXPECT_EQ(test::run_handler(request).result.end, HandlerEnd::timed_out);
  EXPECT_EQ(open_descriptors(), before);
  // Every shell was reaped: this process has no child left at all.
  int status = 0;
  EXPECT_EQ(waitpid(-1, &status, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(HandlerLifetime, NoDescriptorOfDgramsReachesIt) {
  // What this test process inherited open (from a shell, a build tool) is
  // none of dgram's: kept from the handler here, so that what it lists is
  // what dgram itself would hand over.
  for (int fd = 3; fd < 1024; ++fd) {
    const int flags = fcntl(fd, F_GETFD);
    if (flags >= 0) fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
  }
  // The listener's socket, the interrupt's self-pipe and another handler's
  // pipes, all open while it starts.
  sys::install_interrupt_handler();
  auto socket = test::bound_loopback_socket(net::Family::ipv4);
  signal(SIGPIPE, SIG_IGN);
  sys::HandlerProcess other;
  std::promise<void> started;
  std::thread runner([&] {
    other.run(test::handler_request("echo started >&2; sleep 30"), [&](std::string_view line) {
      if (line == "started") started.set_value();
    });
  });
  ASSERT_EQ(started.get_future().wait_for(60s), std::future_status::ready);
  // ls's own descriptor of the directory it lists is the 3.
  const auto run = run_handler("ls /dev/fd");
  other.stop();
  runner.join();
  EXPECT_EQ(run.result.end, HandlerEnd::exited);
  EXPECT_EQ(run.output(), "0\n1\n2\n3\n");
}

TEST(HandlerLifetime, SixteenRunsOnEightThreadsAtOnceEachGetTheirOwn) {
  constexpr std::size_t threads = 8;
  constexpr std::size_t runs_each = 2;
  std::vector<std::string> outputs(threads * runs_each);
  std::vector<HandlerEnd> ends(threads * runs_each);
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (std::size_t r = 0; r < runs_each; ++r) {
        const std::size_t n = t * runs_each + r;
        const std::string input = "thread " + std::to_string(t) + " run " + std::to_string(r);
        auto request = test::handler_request(R"(printf '%s:' "$DGRAM_N"; tr a-z A-Z)", input);
        request.environment = {{"DGRAM_N", std::to_string(n)}};
        const auto run = test::run_handler(request);
        outputs[n] = run.output();
        ends[n] = run.result.end;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  for (std::size_t t = 0; t < threads; ++t) {
    for (std::size_t r = 0; r < runs_each; ++r) {
      const std::size_t n = t * runs_each + r;
      EXPECT_EQ(ends[n], HandlerEnd::exited);
      EXPECT_EQ(outputs[n],
                std::to_string(n) + ":THREAD " + std::to_string(t) + " RUN " + std::to_string(r));
    }
  }
}

}  // namespace
}  // namespace dgram
