#include "common/payload.hpp"

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "common/system.hpp"

namespace dgram {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Reads `file` to its end; errno is kept for the caller when it fails.
bool read_all(std::FILE* file, std::vector<std::byte>& bytes) {
  std::byte chunk[64 * 1024];
  while (true) {
    const std::size_t got = std::fread(chunk, 1, sizeof chunk, file);
    bytes.insert(bytes.end(), chunk, chunk + got);
    if (got < sizeof chunk) return !std::ferror(file);
  }
}

}  // namespace

Result<std::vector<std::byte>> read_payload(const PayloadSource& source, std::FILE* input) {
  std::vector<std::byte> bytes;
  if (source.file) {
    errno = 0;
    const std::unique_ptr<std::FILE, FileCloser> file(sys::open_file(*source.file, "rb"));
    if (!file || !read_all(file.get(), bytes)) {
      return usage_error(fmt::format("cannot read --file '{}': {} (nothing was sent)", *source.file,
                                     std::strerror(errno)));
    }
    return bytes;
  }
  if (source.message && *source.message != "-") {
    const auto* data = reinterpret_cast<const std::byte*>(source.message->data());
    bytes.assign(data, data + source.message->size());
    return bytes;
  }
  errno = 0;
  if (!read_all(input, bytes)) {
    return usage_error(
        fmt::format("cannot read standard input: {} (nothing was sent)", std::strerror(errno)));
  }
  return bytes;
}

}  // namespace dgram
