// The live status line's terminal on POSIX: ESC[K where the terminal is not
// "dumb", and its width from TIOCGWINSZ.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "common/system.hpp"

namespace dgram {

sys::LineRewrite sys::begin_line_rewrite(std::FILE* file) {
  if (isatty(fileno(file)) == 0) return LineRewrite::none;
  // A dumb terminal (Emacs' shell, some serial consoles) prints ESC[K as is.
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return LineRewrite::carriage_return;
  return LineRewrite::erase_sequence;
}

void sys::end_line_rewrite(std::FILE*) {}

std::optional<std::size_t> sys::terminal_columns(std::FILE* file) {
  winsize size{};
  if (ioctl(fileno(file), TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return std::nullopt;
  return size.ws_col;
}

}  // namespace dgram
