// Buffered record output to stdout.
#pragma once

#include <cstdio>
#include <string>

#include "common/result.hpp"

namespace dgram {

class Output {
 public:
  explicit Output(std::FILE* file) : file_(file) {}

  // Records are appended here and written out by flush().
  std::string& buffer() { return buffer_; }

  // Writes the buffered records. ErrorKind::output_closed once the reader
  // has gone (`| head -1`); other write failures are errors.
  Status flush();

  // Flushes only when enough has piled up to be worth a system call.
  Status flush_if_full() { return buffer_.size() < flush_threshold ? Status{} : flush(); }

 private:
  static constexpr std::size_t flush_threshold = 64 * 1024;
  std::FILE* file_;
  std::string buffer_;
};

}  // namespace dgram
