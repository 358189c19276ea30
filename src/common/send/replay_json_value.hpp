// The little JSON that reading `listen -f json` records takes: the top-level
// fields of one object on one line, strings unescaped to UTF-8, whole
// numbers, booleans; nested objects and arrays are passed over whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dgram {

struct JsonValue {
  std::optional<std::string> string;
  std::optional<std::uint64_t> number;  // a whole number that fits
  std::optional<bool> boolean;
};

// Calls `field` with each key and value of the object `line` holds; an
// error says what is not JSON, for a message about the line.
Status for_each_json_field(std::string_view line,
                           const std::function<void(std::string_view, const JsonValue&)>& field);

// Standard base64 (RFC 4648, padded) as `listen -f json` writes it.
std::optional<std::vector<std::byte>> decode_base64(std::string_view text);

}  // namespace dgram
