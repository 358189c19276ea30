// Making untrusted payload bytes safe to print on one terminal line.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace dgram {

// Appends `bytes` to `out` so that a hostile sender can neither drive the
// terminal nor break the line: valid UTF-8 text is kept as is, while control
// bytes, C1 controls, bidirectional controls (marks, embeddings, overrides,
// isolates) and line separators, invalid UTF-8 and the backslash itself are
// escaped (\n \r \t \\ \xNN \uNNNN).
void append_escaped(std::string& out, std::span<const std::byte> bytes);

// Appends `bytes`, if they are well-formed UTF-8, as the inside of a JSON
// string: JSON's own escapes (\" \\ \n \r \t \u00NN) and \uNNNN for DEL
// and the code points that act on a terminal or the line (C1 controls, line
// separators, bidirectional controls). Returns false, having appended
// nothing, when they are not UTF-8.
bool append_json_text(std::string& out, std::span<const std::byte> bytes);

// Whether `bytes` is well-formed UTF-8 (no overlongs, surrogates or values
// past U+10FFFF).
bool is_valid_utf8(std::span<const std::byte> bytes);

}  // namespace dgram
