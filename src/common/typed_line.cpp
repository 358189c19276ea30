#include "common/typed_line.hpp"

#include <fmt/format.h>

#include "common/system.hpp"

namespace dgram {

TypedLineCheck::TypedLineCheck(std::FILE* input, std::string_view fix)
    : limit_(sys::typed_line_limit(input)), fix_(fix) {}

std::optional<std::string> TypedLineCheck::warning(std::string_view line,
                                                   std::size_t number) const {
  // A line reaches the limit only when the driver stopped taking it (or it
  // was typed in pieces with Ctrl+D, rare enough to warn about too).
  if (!limit_ || line.size() < *limit_) return std::nullopt;
  return fmt::format(
      "dgram: warning: line {} reached the terminal's limit of {} bytes a line: anything typed "
      "beyond it was dropped by the terminal before dgram saw it; to send longer lines, {}\n",
      number, *limit_, fix_);
}

}  // namespace dgram
