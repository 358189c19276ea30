#include "posix/pipes_posix.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace dgram::posix {

int make_pipe(int ends[2], int flags) {
#ifdef __APPLE__
  if (pipe(ends) != 0) return errno;
  for (int i = 0; i < 2; ++i) {
    if (flags & O_CLOEXEC) fcntl(ends[i], F_SETFD, FD_CLOEXEC);
    if (flags & O_NONBLOCK) fcntl(ends[i], F_SETFL, fcntl(ends[i], F_GETFL) | O_NONBLOCK);
  }
  return 0;
#else
  return pipe2(ends, flags) == 0 ? 0 : errno;
#endif
}

}  // namespace dgram::posix
