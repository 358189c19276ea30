#include "common/output.hpp"

#include "common/system.hpp"

namespace dgram {

Status Output::flush() {
  if (buffer_.empty()) return {};
  Status written = sys::write_output(file_, buffer_);
  buffer_.clear();
  return written;
}

}  // namespace dgram
