// A thread that runs one job at a time while the main thread waits for the
// job and for Ctrl+C at once: a pipe read or write that blocks because the
// other end neither writes nor reads gives way to Ctrl+C. (CancelSynchronousIo
// would do that on Windows, but Wine cannot cancel a blocked pipe read or
// write, and a cancel that comes just before the call starts is lost.)
#pragma once

#include <chrono>
#include <functional>

#include "win32/winsock_headers.hpp"

namespace dgram::win32 {

class HelperThread {
 public:
  using Job = std::function<void()>;
  // How long a job may still take once an interrupt came; asked then.
  using Grace = std::function<std::chrono::milliseconds()>;

  HelperThread();
  // Never destroyed while its thread runs: a job may still be blocked when
  // the process exits after Ctrl+C. Owners allocate it and keep it.
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;

  // Hands `job` to the thread without waiting for it (without a thread, runs
  // it here). False while an earlier job has not ended (one abandoned after
  // Ctrl+C): the thread's job is never replaced under it.
  bool start(Job job);

  // Waits for the started job: true once it ended; false when an interrupt
  // came first and the job did not end within `grace` after it. The job then
  // keeps running with what it owns, and start() refuses until it ends.
  bool wait(const Grace& grace);

  // start() then wait(), after waiting at most `grace` for a job abandoned
  // earlier to end.
  bool run(Job job, const Grace& grace);

  bool running() const { return running_; }
  // A job was started and wait() has not yet seen it end.
  bool busy() const { return busy_; }
  // Set once a started job has ended, until wait() takes it.
  HANDLE done_event() const { return done_; }

 private:
  static DWORD WINAPI serve(void* self);

  HANDLE requested_ = nullptr;
  HANDLE done_ = nullptr;
  bool running_ = false;
  bool busy_ = false;
  // Written by the main thread only while no job runs (busy_ false); read by
  // the helper between requested_ and done_.
  Job job_;
};

}  // namespace dgram::win32
