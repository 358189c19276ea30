// Whole 16-byte lines of the hex dump written with the CPU's byte
// shuffles, where it has them: a 64-byte dump in about 0.4x the time of
// the byte-at-a-time writer (bench/instructions.md, the 23:40 runs).
#pragma once

#include <cstddef>
#include <cstdint>

namespace dgram::hex_lines {

// Writes `lines` whole dump lines, 16 bytes each, of the bytes at `bytes`,
// the first of them found at `offset` in the datagram, to `at`; returns
// where they end.
using WholeLinesWriter = char* (*)(char* at, std::size_t offset, const std::uint8_t* bytes,
                                   std::size_t lines);

// The shuffling writer if this CPU has the instructions it needs (x86 with
// SSSE3), else null: the byte-at-a-time writer is used then.
WholeLinesWriter shuffling_writer();

// Where a line's parts are: "OOOOOOOO  hh hh hh hh hh hh hh hh  hh hh hh hh
// hh hh hh hh  |ASCII|\n": the offset, two spaces, 16 cells of "hh " with a
// space more after the 8th, a space, then the bytes as ASCII between bars.
constexpr int cells_at = 10;
constexpr int ascii_at = cells_at + 16 * 3 + 1 + 2;
constexpr int whole_line = ascii_at + 16 + 2;

}  // namespace dgram::hex_lines
