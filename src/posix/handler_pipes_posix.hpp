// The three pipes between dgram and one handler (handler_process_posix.cpp)
// and what moves through them: the datagram into its standard input, its
// standard output kept up to a bound, its standard error cut into lines.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/handler_process.hpp"

namespace dgram::posix {

// Standard error as lines for the sink: "\n" or "\r\n" cut off, a line longer
// than error_line_most handed over in pieces as soon as it is that long.
class ErrorLines {
 public:
  explicit ErrorLines(const sys::ErrorLineSink& sink) : sink_(sink) {}
  void feed(std::span<const std::byte> bytes);
  // The input ended: a last line without an end, if any.
  void finish();

 private:
  void hand_over(std::string_view line) const;
  const sys::ErrorLineSink& sink_;
  std::string pending_;
};

class HandlerPipes {
 public:
  HandlerPipes(std::span<const std::byte> input, std::size_t output_most,
               const sys::ErrorLineSink& error_line)
      : input_(input), output_most_(output_most), error_lines_(error_line) {}
  HandlerPipes(const HandlerPipes&) = delete;
  HandlerPipes& operator=(const HandlerPipes&) = delete;
  ~HandlerPipes() { close_all(); }

  // Makes the pipes, every end close-on-exec (another handler started at
  // the same moment on another thread must not inherit them): 0, or errno.
  int open();
  // The end the child gets as descriptor 0, 1 or 2.
  int child_end(int stream) const { return child_[stream]; }
  // After the start: the child's ends closed here, so that standard output
  // and error end when the handler's side of them closes.
  void started();

  // Whether a stream is still open: input not all written, output or
  // error not at their end.
  bool open_streams() const { return parent_[0] >= 0 || parent_[1] >= 0 || parent_[2] >= 0; }
  // Waits at most `wait_ms` (poll's timeout) for any stream and moves what
  // is ready: input written, output and error read.
  void pump(int wait_ms);

  // Closes every descriptor; the last line of standard error to the sink;
  // the output and whether there was more.
  void finish(sys::HandlerResult& result);

 private:
  void write_input();
  void read_output();
  void read_error();
  void close_all();

  std::span<const std::byte> input_;
  std::size_t output_most_;
  ErrorLines error_lines_;
  std::vector<std::byte> output_;
  bool output_over_ = false;
  int child_[3] = {-1, -1, -1};
  int parent_[3] = {-1, -1, -1};
};

}  // namespace dgram::posix
