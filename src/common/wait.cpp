#include "common/wait.hpp"

namespace dgram::net {

std::optional<std::chrono::steady_clock::time_point> deadline_after(
    std::optional<std::chrono::milliseconds> timeout) {
  if (!timeout) return std::nullopt;
  return std::chrono::steady_clock::now() + *timeout;
}

Result<Readiness> wait_readable(UdpSocket& socket,
                                std::optional<std::chrono::milliseconds> timeout) {
  UdpSocket* const sockets[] = {&socket};
  WaitResult result;
  if (auto waited = wait(sockets, false, false, deadline_after(timeout), result); !waited) {
    return waited.take_error();
  }
  return result.readable.empty() && result.refused.empty() ? Readiness::timed_out
                                                           : Readiness::readable;
}

}  // namespace dgram::net
