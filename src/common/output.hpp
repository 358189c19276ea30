// Buffered record output to stdout that notices when the reader has gone.
#pragma once

#include <cstdio>
#include <string>

namespace dgram {

class Output {
 public:
  explicit Output(std::FILE* file) : file_(file) {}

  // Records are appended here and written out by flush().
  std::string& buffer() { return buffer_; }

  // Writes the buffered records. False once the output is closed (a reader
  // such as `head -1` went away): the caller stops quietly.
  bool flush();

  // Flushes only when enough has piled up to be worth a system call.
  bool flush_if_full() { return buffer_.size() < flush_threshold || flush(); }

 private:
  static constexpr std::size_t flush_threshold = 64 * 1024;
  std::FILE* file_;
  std::string buffer_;
};

}  // namespace dgram
