#include "common/system.hpp"

namespace dgram::sys {

// Windows sets no per-process limit on sockets.
std::optional<std::size_t> allow_open_files(std::size_t) { return std::nullopt; }

}  // namespace dgram::sys
