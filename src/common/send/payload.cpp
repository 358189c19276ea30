#include "common/send/payload.hpp"

#include <fmt/format.h>

#include "common/system.hpp"

namespace dgram {

Result<std::vector<std::byte>> read_payload(const PayloadSource& source) {
  if (!source.from_standard_input() && !source.file) {
    const auto* data = reinterpret_cast<const std::byte*>(source.message->data());
    return std::vector<std::byte>(data, data + source.message->size());
  }
  const std::string what =
      source.file ? fmt::format("--file '{}'", *source.file) : std::string("standard input");
  auto bytes = sys::read_input(source.file, max_payload_read);
  if (!bytes && bytes.error().kind == ErrorKind::interrupted) return bytes;
  if (!bytes) {
    return usage_error(
        fmt::format("cannot read {}: {} (nothing was sent)", what, bytes.error().message));
  }
  if (bytes->size() > max_payload_read) {
    return usage_error(
        fmt::format("{} is over {} MiB, more than dgram sends in one go; split it "
                    "(nothing was sent)",
                    what, max_payload_read / (1024 * 1024)));
  }
  return bytes;
}

}  // namespace dgram
