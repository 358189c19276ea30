// Where `dgram send` gets its payload: the MESSAGE argument, a file, or stdin.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace dgram {

struct PayloadSource {
  std::optional<std::string> message;  // absent or "-": read `input`
  std::optional<std::string> file;     // --file PATH
};

// Reads the whole payload. An unreadable file is a usage error (exit 2).
Result<std::vector<std::byte>> read_payload(const PayloadSource& source, std::FILE* input);

}  // namespace dgram
