#include "posix/handler_pipes_posix.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "posix/pipes_posix.hpp"

namespace dgram::posix {
namespace {

void close_fd(int& fd) {
  // Linux and the BSDs free the descriptor even when close says EINTR:
  // closing again could close a descriptor another thread just opened.
  if (fd >= 0) close(fd);
  fd = -1;
}

// Reads what is there; false at the end of the stream (or an error, which
// ends it too).
bool read_some(int fd, std::span<std::byte> buffer, std::size_t& got) {
  got = 0;
  for (;;) {
    const ssize_t n = read(fd, buffer.data(), buffer.size());
    if (n > 0) got = static_cast<std::size_t>(n);
    if (n > 0) return true;
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

constexpr std::size_t read_chunk = 16 * 1024;

}  // namespace

void ErrorLines::feed(std::span<const std::byte> bytes) {
  pending_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = pending_.find('\n', start);
    if (end == std::string::npos) break;
    hand_over(std::string_view(pending_).substr(start, end - start));
    start = end + 1;
  }
  // A line too long to wait for: pieces of error_line_most, unless what is
  // over is only a '\r' that may turn out to be the start of its "\r\n".
  for (;;) {
    const std::size_t left = pending_.size() - start;
    if (left <= sys::error_line_most) break;
    if (left == sys::error_line_most + 1 && pending_.back() == '\r') break;
    const std::string_view piece = std::string_view(pending_).substr(start, sys::error_line_most);
    if (sink_) sink_(piece);
    start += sys::error_line_most;
  }
  pending_.erase(0, start);
}

void ErrorLines::finish() {
  if (!pending_.empty()) hand_over(pending_);
  pending_.clear();
}

void ErrorLines::hand_over(std::string_view line) const {
  if (line.ends_with('\r')) line.remove_suffix(1);
  // A line of error_line_most bytes and its "\r\n" may be 2 bytes longer.
  while (line.size() > sys::error_line_most) {
    if (sink_) sink_(line.substr(0, sys::error_line_most));
    line.remove_prefix(sys::error_line_most);
  }
  if (sink_) sink_(line);
}

int HandlerPipes::open() {
  for (int stream = 0; stream < 3; ++stream) {
    int ends[2];
    if (const int error = make_pipe(ends, O_CLOEXEC)) return error;
    // Standard input: the child reads; output and error: the child writes.
    child_[stream] = ends[stream == 0 ? 0 : 1];
    parent_[stream] = ends[stream == 0 ? 1 : 0];
  }
  return 0;
}

void HandlerPipes::started() {
  for (int& fd : child_) close_fd(fd);
  // Non-blocking: the one thread that moves all three never waits on one
  // while another is full (a handler that writes before it has read all).
  for (const int fd : parent_) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  write_input();
}

void HandlerPipes::pump(int wait_ms) {
  pollfd fds[3];
  int stream_of[3];
  nfds_t count = 0;
  for (int stream = 0; stream < 3; ++stream) {
    if (parent_[stream] < 0) continue;
    fds[count] = {parent_[stream], static_cast<short>(stream == 0 ? POLLOUT : POLLIN), 0};
    stream_of[count++] = stream;
  }
  if (count == 0) return;
  // EINTR (dgram's signal handler may run on this thread): the caller's
  // loop looks at its deadline and the stop request, then comes back.
  if (poll(fds, count, wait_ms) <= 0) return;
  for (nfds_t i = 0; i < count; ++i) {
    if (fds[i].revents == 0) continue;
    if (stream_of[i] == 0) write_input();
    if (stream_of[i] == 1) read_output();
    if (stream_of[i] == 2) read_error();
  }
}

void HandlerPipes::write_input() {
  while (!input_.empty()) {
    const ssize_t n = write(parent_[0], input_.data(), input_.size());
    if (n > 0) {
      input_ = input_.subspan(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    // EPIPE (dgram ignores SIGPIPE): a handler that does not read its input
    // is no fault of its own.
    break;
  }
  input_ = {};
  close_fd(parent_[0]);
}

void HandlerPipes::read_output() {
  std::byte buffer[read_chunk];
  std::size_t got = 0;
  if (!read_some(parent_[1], buffer, got)) return close_fd(parent_[1]);
  // Read on and dropped beyond the bound: a handler blocked on a full pipe
  // would never end.
  const std::size_t kept = std::min(got, output_most_ - std::min(output_most_, output_.size()));
  output_.insert(output_.end(), buffer, buffer + kept);
  if (kept < got) output_over_ = true;
}

void HandlerPipes::read_error() {
  std::byte buffer[read_chunk];
  std::size_t got = 0;
  if (!read_some(parent_[2], buffer, got)) return close_fd(parent_[2]);
  error_lines_.feed(std::span<const std::byte>(buffer, got));
}

void HandlerPipes::finish(sys::HandlerResult& result) {
  close_all();
  error_lines_.finish();
  result.output = std::move(output_);
  result.output_over = output_over_;
}

void HandlerPipes::close_all() {
  for (int& fd : child_) close_fd(fd);
  for (int& fd : parent_) close_fd(fd);
}

}  // namespace dgram::posix
