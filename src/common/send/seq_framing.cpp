#include "common/send/seq_framing.hpp"

#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "common/limits.hpp"
#include "common/send/send.hpp"
#include "common/seq_header.hpp"

namespace dgram {
namespace {

// Nanoseconds since the Unix epoch by the wall clock (system_clock's epoch
// is the Unix epoch in C++20), as the header carries them.
std::uint64_t wall_clock_ns() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
}

void write_framed(std::byte* out, std::span<const std::byte> payload, std::uint64_t sequence) {
  write_seq_header(std::span<std::byte, seq_header_size>(out, seq_header_size),
                   {sequence, wall_clock_ns()});
  if (!payload.empty()) std::memcpy(out + seq_header_size, payload.data(), payload.size());
}

}  // namespace

std::size_t payload_room(const SendOptions& options) {
  if (!options.seq) return options.max_size;
  return options.max_size > seq_header_size ? options.max_size - seq_header_size : 0;
}

Status check_datagram_fits(std::size_t payload_size, const SendOptions& options,
                           std::string_view what, std::string_view consequence) {
  if (!options.seq) return check_payload_fits(payload_size, options.max_size, what, consequence);
  const std::size_t datagram = payload_size + seq_header_size;
  if (datagram <= options.max_size) return {};
  return usage_error(fmt::format(
      "{} is {} bytes, {} with --seq's {}-byte header, over the limit of {} byte{}; raise "
      "--max-size or split it with --chunk ({})",
      what, payload_size, datagram, seq_header_size, options.max_size,
      options.max_size == 1 ? "" : "s", consequence));
}

Status check_seq_room(const SendOptions& options) {
  if (!options.seq || !options.chunk || payload_room(options) > 0) return {};
  return usage_error(fmt::format(
      "--max-size {} leaves no room for a payload beside --seq's {}-byte header, so --chunk "
      "cannot split it; give --max-size {} or more",
      options.max_size, seq_header_size, seq_header_size + 1));
}

std::span<const std::byte> SeqFramer::frame(std::span<const std::byte> payload,
                                            std::uint64_t sequence) {
  buffer_.resize(seq_header_size + payload.size());
  write_framed(buffer_.data(), payload, sequence);
  return buffer_;
}

std::span<const std::span<const std::byte>> SeqFramer::frame_all(
    std::span<const std::span<const std::byte>> payloads, std::uint64_t first) {
  std::size_t total = 0;
  for (const auto payload : payloads) total += seq_header_size + payload.size();
  buffer_.resize(total);
  framed_.clear();
  std::size_t offset = 0;
  for (const auto payload : payloads) {
    write_framed(buffer_.data() + offset, payload, first++);
    framed_.emplace_back(buffer_.data() + offset, seq_header_size + payload.size());
    offset += seq_header_size + payload.size();
  }
  return framed_;
}

}  // namespace dgram
