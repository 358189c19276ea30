#include "common/output.hpp"

namespace dgram {

bool Output::flush() {
  if (buffer_.empty()) return true;
  const std::size_t written = std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
  const bool complete = written == buffer_.size() && std::fflush(file_) == 0;
  buffer_.clear();
  return complete;
}

}  // namespace dgram
