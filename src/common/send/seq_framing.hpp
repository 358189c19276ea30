// `dgram send --seq`: the header of common/seq_header.hpp in front of each
// payload, the sequence counted over the whole run, the send time read as
// the datagram is framed, just before it goes out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dgram {

struct SendOptions;

// The bytes a payload may have in one datagram: --max-size, less the header
// with --seq. Zero when the header alone fills the limit.
std::size_t payload_room(const SendOptions& options);

// A payload (`what`: "payload", "line 3") against --max-size when --chunk is
// not given; with --seq the header counts, and the error says so.
Status check_datagram_fits(std::size_t payload_size, const SendOptions& options,
                           std::string_view what, std::string_view consequence);

// --chunk with --seq needs room for a byte of payload beside the header.
Status check_seq_room(const SendOptions& options);

class SeqFramer {
 public:
  // `payload` behind the header with `sequence` and the wall clock's time
  // now, in a buffer of the framer's, valid until the next call.
  std::span<const std::byte> frame(std::span<const std::byte> payload, std::uint64_t sequence);

  // Each of `payloads` behind its header, sequences from `first` on, in the
  // framer's buffers, valid until the next call.
  std::span<const std::span<const std::byte>> frame_all(
      std::span<const std::span<const std::byte>> payloads, std::uint64_t first);

 private:
  std::vector<std::byte> buffer_;
  std::vector<std::span<const std::byte>> framed_;
};

}  // namespace dgram
