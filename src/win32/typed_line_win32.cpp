// A console in line mode: ReadConsoleW hands over a line longer than the
// buffer in several reads, and no limit on a typed line is known here to
// warn about.
#include "common/system.hpp"

namespace dgram {

std::optional<std::size_t> sys::typed_line_limit(std::FILE*) { return std::nullopt; }

}  // namespace dgram
