#include "win32/helper_thread.hpp"

#include <utility>

#include "win32/interrupt_win32.hpp"

namespace dgram::win32 {

HelperThread::HelperThread() {
  requested_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  // Manual reset: a wait on it elsewhere (a socket's, --talk) must not take
  // the signal from wait().
  done_ = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (requested_ == nullptr || done_ == nullptr) return;
  const HANDLE thread = CreateThread(nullptr, 64 * 1024, &HelperThread::serve, this, 0, nullptr);
  if (thread == nullptr) return;
  CloseHandle(thread);  // it runs until the process ends
  running_ = true;
}

bool HelperThread::start(Job job) {
  if (!running_) {
    job();
    busy_ = true;  // wait() takes the outcome as from the thread
    return true;
  }
  if (busy_) {
    // Ended since it was abandoned? Then its outcome is nobody's.
    if (WaitForSingleObject(done_, 0) != WAIT_OBJECT_0) return false;
    busy_ = false;
  }
  job_ = std::move(job);
  busy_ = true;
  ResetEvent(done_);
  SetEvent(requested_);
  return true;
}

bool HelperThread::wait(const Grace& grace) {
  if (!busy_) return true;
  if (running_) {
    const HANDLE interrupt = interrupt_event();
    const HANDLE events[2] = {done_, interrupt};
    // Both set: the job's outcome comes first (the lower index wins).
    if (WaitForMultipleObjects(interrupt != nullptr ? 2 : 1, events, FALSE, INFINITE) !=
            WAIT_OBJECT_0 &&
        !wait_bounded(done_, grace())) {
      return false;
    }
    ResetEvent(done_);
  }
  busy_ = false;
  return true;
}

bool HelperThread::run(Job job, const Grace& grace) {
  if (busy_ && running_) wait_bounded(done_, grace());
  return start(std::move(job)) && wait(grace);
}

DWORD WINAPI HelperThread::serve(void* self) {
  auto* helper = static_cast<HelperThread*>(self);
  while (WaitForSingleObject(helper->requested_, INFINITE) == WAIT_OBJECT_0) {
    helper->job_();
    SetEvent(helper->done_);
  }
  return 0;
}

}  // namespace dgram::win32
