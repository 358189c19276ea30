#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/system.hpp"

namespace dgram {

Result<std::FILE*> sys::create_output_file(const std::string& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return Error{ErrorKind::system, std::strerror(errno)};
  std::FILE* file = fdopen(fd, "wb");
  if (file == nullptr) {
    const int code = errno;
    close(fd);
    return Error{ErrorKind::system, std::strerror(code)};
  }
  return file;
}

bool sys::truncate_output_file(std::FILE* file, std::uint64_t size) {
  return ftruncate(fileno(file), static_cast<off_t>(size)) == 0 &&
         lseek(fileno(file), static_cast<off_t>(size), SEEK_SET) >= 0;
}

}  // namespace dgram
