#include "common/listen/exec_pool.hpp"

#include <algorithm>
#include <system_error>

#include <fmt/format.h>

namespace dgram {

ExecPool::ExecPool(ExecBounds bounds, std::function<void()> wake)
    : bounds_(std::move(bounds)), wake_(std::move(wake)) {}

ExecPool::~ExecPool() { (void)stop(); }

bool ExecPool::submit(ExecJob job) {
  std::lock_guard lock(mutex_);
  if (stopping_ || busy_ + queue_.size() >= bounds_.jobs + bounds_.queue) return false;
  queue_.push_back(std::move(job));
  // Workers start as they are first needed, up to --exec-jobs.
  if (workers_.size() < bounds_.jobs && workers_.size() < busy_ + queue_.size()) {
    try {
      workers_.emplace_back([this] { serve(); });
    } catch (const std::system_error&) {
      if (workers_.empty()) {  // nothing would ever run it
        queue_.pop_back();
        return false;
      }
    }
  }
  work_.notify_one();
  return true;
}

void ExecPool::serve() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    ExecJob job = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    sys::HandlerProcess process;
    running_.push_back(&process);
    lock.unlock();
    sys::HandlerRequest request{bounds_.command, std::move(job.environment), job.input,
                                job.output_most, bounds_.timeout};
    std::size_t lines = 0;
    sys::HandlerResult result = process.run(request, [&](std::string_view line) {
      std::lock_guard line_lock(mutex_);
      ++lines;
      if (lines > error_lines_per_run + 1 || error_backlog_ + line.size() > error_backlog_most) {
        ++error_lines_dropped_;
        return;
      }
      if (lines == error_lines_per_run + 1) {
        ++error_lines_dropped_;
        post({job.id,
              false,
              fmt::format("(more than {} lines on standard error: the rest of this run's are "
                          "dropped and counted)",
                          error_lines_per_run),
              {}});
        return;
      }
      error_backlog_ += line.size();
      post({job.id, false, std::string(line), {}});
    });
    lock.lock();
    running_.erase(std::find(running_.begin(), running_.end(), &process));
    --busy_;
    post({job.id, true, {}, std::move(result)});
  }
}

void ExecPool::post(ExecEvent event) {
  const bool first = events_.empty();
  events_.push_back(std::move(event));
  if (first && wake_) wake_();
}

void ExecPool::take_events(std::vector<ExecEvent>& events) {
  std::lock_guard lock(mutex_);
  for (ExecEvent& event : events_) events.push_back(std::move(event));
  events_.clear();
  error_backlog_ = 0;
}

std::size_t ExecPool::pending() const {
  std::lock_guard lock(mutex_);
  return busy_ + queue_.size();
}

std::vector<std::uint64_t> ExecPool::stop() {
  std::vector<std::uint64_t> never_ran;
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      for (const ExecJob& job : queue_) never_ran.push_back(job.id);
      queue_.clear();
      for (sys::HandlerProcess* process : running_) process->stop();
    }
  }
  work_.notify_all();
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  return never_ran;
}

std::uint64_t ExecPool::error_lines_dropped() const {
  std::lock_guard lock(mutex_);
  return error_lines_dropped_;
}

}  // namespace dgram
