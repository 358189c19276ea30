// sys::write_output_now on POSIX: poll for room before each piece.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>

#include "common/system.hpp"
#include "posix/posix_error.hpp"

namespace dgram {

Status sys::write_output_now(std::FILE* file, std::string_view bytes, std::size_t& written) {
  std::fflush(file);
  const int fd = fileno(file);
  written = 0;
  while (written < bytes.size()) {
    pollfd out{fd, POLLOUT, 0};
    const int ready = poll(&out, 1, 0);
    if (ready < 0 && errno != EINTR) return posix::last_error("cannot write the output");
    if (interrupt_requested()) return interrupted_error();
    if (ready < 0) continue;
    if (ready == 0) return {};  // no room now: the rest waits
    // A pipe with room takes PIPE_BUF bytes whole without blocking.
    const std::size_t piece = std::min<std::size_t>(bytes.size() - written, PIPE_BUF);
    const ssize_t wrote = write(fd, bytes.data() + written, piece);
    if (wrote >= 0) {
      written += static_cast<std::size_t>(wrote);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return {};
    } else if (errno == EPIPE) {
      return Error{ErrorKind::output_closed, "the reader of the output went away"};
    } else if (errno != EINTR) {
      return posix::errno_error(errno, "cannot write the output");
    }
  }
  return {};
}

}  // namespace dgram
