// BSD sockets need no start-up: the Runtime guard only keeps net.hpp's
// contract (one object that main holds for the program's lifetime).
#include "common/net.hpp"

namespace dgram::net {

Runtime::Runtime(Runtime&& other) noexcept : started_(other.started_) { other.started_ = false; }
Runtime& Runtime::operator=(Runtime&& other) noexcept {
  started_ = other.started_;
  other.started_ = false;
  return *this;
}
Runtime::~Runtime() = default;

Result<Runtime> Runtime::start() {
  Runtime runtime;
  runtime.started_ = true;  // BSD sockets need no start-up
  return runtime;
}

}  // namespace dgram::net
