// The handlers `listen --exec` runs, on worker threads: at most `jobs` at
// once, at most `queue` datagrams waiting for a free one, nothing beyond
// (submit says no). What they do comes back to the receive loop as events,
// and a wake-up tells it to take them, so that the loop never waits for a
// handler.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/handler_process.hpp"

namespace dgram {

struct ExecJob {
  std::uint64_t id = 0;
  // The handler's standard input: owned by the caller, unchanged until the
  // job's `finished` event or stop().
  std::span<const std::byte> input;
  std::vector<std::pair<std::string, std::string>> environment;
  std::size_t output_most = 0;
};

struct ExecEvent {
  std::uint64_t id = 0;
  bool finished = false;  // false: `line` is a line of its standard error
  std::string line;
  sys::HandlerResult result;  // finished
};

struct ExecBounds {
  std::string command;
  std::size_t jobs = 1;
  std::size_t queue = 0;
  std::chrono::milliseconds timeout{10'000};
};

class ExecPool {
 public:
  // `wake` is called (on a worker thread, with the pool's lock held) when
  // events come while none were waiting.
  ExecPool(ExecBounds bounds, std::function<void()> wake);
  ExecPool(const ExecPool&) = delete;
  ExecPool& operator=(const ExecPool&) = delete;
  ~ExecPool();

  // Runs `job` on a free worker, or queues it; false when every worker is
  // busy and the queue is full: the job is not taken.
  bool submit(ExecJob job);

  // Appends what happened since the last call, in order.
  void take_events(std::vector<ExecEvent>& events);

  // Jobs running or queued.
  std::size_t pending() const;

  // Ends every running handler with what it started and takes no more;
  // returns the ids of the queued jobs, which never ran. Waits for the
  // workers, whose stopped runs leave their `finished` events.
  std::vector<std::uint64_t> stop();

  // Lines of standard error dropped: past error_lines_per_run of one run
  // (a handler that floods it), or while the loop had not taken the earlier
  // ones yet (more than error_backlog_most bytes waiting).
  std::uint64_t error_lines_dropped() const;

  static constexpr std::size_t error_lines_per_run = 1000;
  static constexpr std::size_t error_backlog_most = 1024 * 1024;

 private:
  void serve();
  void post(ExecEvent event);  // with the lock held

  ExecBounds bounds_;
  std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable work_;
  std::deque<ExecJob> queue_;
  std::vector<ExecEvent> events_;
  std::size_t error_backlog_ = 0;  // bytes of lines in events_
  std::uint64_t error_lines_dropped_ = 0;
  std::vector<sys::HandlerProcess*> running_;
  std::vector<std::thread> workers_;
  std::size_t busy_ = 0;  // workers running a job
  bool stopping_ = false;
};

}  // namespace dgram
