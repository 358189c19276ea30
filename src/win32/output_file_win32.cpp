// _wfopen and _chsize_s: <stdio.h> and <io.h> (Microsoft's C runtime).
#include <io.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/system.hpp"
#include "win32/utf16.hpp"

namespace dgram {

Result<std::FILE*> sys::create_output_file(const std::string& path) {
  errno = 0;
  std::FILE* file = _wfopen(win32::to_utf16(path).c_str(), L"wb");
  if (file == nullptr) return Error{ErrorKind::system, std::strerror(errno)};
  return file;
}

bool sys::truncate_output_file(std::FILE* file, std::uint64_t size) {
  const int fd = _fileno(file);
  return _chsize_s(fd, static_cast<long long>(size)) == 0 &&
         _lseeki64(fd, static_cast<long long>(size), SEEK_SET) >= 0;
}

}  // namespace dgram
