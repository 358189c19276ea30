// How long a line the terminal driver lets a person type (canonical mode).
#include <termios.h>
#include <unistd.h>

#include "common/system.hpp"

namespace dgram {

std::optional<std::size_t> sys::typed_line_limit(std::FILE* file) {
  const int fd = fileno(file);
  termios modes{};
  if (fd < 0 || isatty(fd) == 0 || tcgetattr(fd, &modes) != 0) return std::nullopt;
  if ((modes.c_lflag & ICANON) == 0) return std::nullopt;  // raw: no line buffer
#ifdef __linux__
  // N_TTY's line buffer is 4096 bytes and keeps one for the newline; what is
  // typed beyond 4095 is dropped (measured; _PC_MAX_CANON says 255).
  return 4095;
#else
  const long most = fpathconf(fd, _PC_MAX_CANON);
  if (most <= 1) return std::nullopt;
  return static_cast<std::size_t>(most - 1);
#endif
}

}  // namespace dgram
