// Where `dgram send` gets its payload: the MESSAGE argument, a file, or stdin.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace dgram {

struct PayloadSource {
  std::optional<std::string> message;  // absent or "-": read standard input
  std::optional<std::string> file;     // --file PATH

  // The one place that decides it: no MESSAGE (or "-") and no --file.
  bool from_standard_input() const { return !file && (!message || *message == "-"); }
};

// Stdin and files are read whole before anything is sent, so their size is
// checked first; this bounds the memory that takes.
inline constexpr std::size_t max_payload_read = 64 * 1024 * 1024;

// Reads the whole payload. An unreadable file or input, or one over
// max_payload_read, is a usage error (exit 2).
Result<std::vector<std::byte>> read_payload(const PayloadSource& source);

}  // namespace dgram
