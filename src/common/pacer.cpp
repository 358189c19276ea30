#include "common/pacer.hpp"

#include <thread>

namespace dgram {

void Pacer::wait_turn() {
  if (period_.count() == 0) return;
  if (!started_) {
    started_ = true;
    due_ = Clock::now();
    return;
  }
  due_ += period_;
  if (Clock::now() < due_) std::this_thread::sleep_until(due_);
}

}  // namespace dgram
