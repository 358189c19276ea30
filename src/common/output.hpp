// Buffered record output to stdout.
#pragma once

#include <cstdio>
#include <string>

#include "common/result.hpp"

namespace dgram {

class Output {
 public:
  // `interactive`: a person reads it (a terminal), so every record goes out
  // at once rather than in batches.
  explicit Output(std::FILE* file, bool interactive = false)
      : file_(file), interactive_(interactive) {}

  // Records are appended here and written out by flush().
  std::string& buffer() { return buffer_; }

  // Writes the buffered records. ErrorKind::output_closed once the reader
  // has gone (`| head -1`); other write failures are errors.
  Status flush();

  // Flushes when a person waits for it or enough has piled up to be worth a
  // system call.
  Status flush_if_due() {
    return interactive_ || buffer_.size() >= flush_threshold ? flush() : Status{};
  }

 private:
  static constexpr std::size_t flush_threshold = 64 * 1024;
  std::FILE* file_;
  bool interactive_;
  std::string buffer_;
};

}  // namespace dgram
