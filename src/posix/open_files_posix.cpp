#include <sys/resource.h>

#include <algorithm>

#include "common/system.hpp"

namespace dgram::sys {

std::optional<std::size_t> allow_open_files(std::size_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return std::nullopt;
  const auto asked = static_cast<rlim_t>(wanted);
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < asked) {
    const rlim_t raised = limit.rlim_max == RLIM_INFINITY ? asked : std::min(asked, limit.rlim_max);
    rlimit wider = limit;
    wider.rlim_cur = raised;
    if (setrlimit(RLIMIT_NOFILE, &wider) == 0) limit = wider;
  }
  if (limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
  return static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace dgram::sys
