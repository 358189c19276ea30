// sys::write_output_now on Windows: an anonymous pipe cannot be asked how
// much room it has, so the write may wait (write_output's).
#include "common/system.hpp"

namespace dgram {

Status sys::write_output_now(std::FILE* file, std::string_view bytes, std::size_t& written) {
  return write_output(file, bytes, written);
}

}  // namespace dgram
