#include "win32/pipe_writer.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "common/system.hpp"
#include "win32/standard_handles.hpp"

namespace dgram::win32 {
namespace {

// 64 KiB: a pipe's usual buffer, so a blocked write has at most this much
// of the batch in doubt.
constexpr std::size_t piece_bytes = 64 * 1024;

// One write handed to the helper: created for it, never reused, changed by
// the helper only, and freed when the last of the two threads lets go.
struct PipeRequest {
  PipeRequest(HANDLE to, std::string_view what) : pipe(to), bytes(what) {}
  const HANDLE pipe;
  const std::string bytes;
  std::atomic<std::size_t> written{0};
  Status status;  // read by the main thread once the helper says it ended
};

}  // namespace

Status write_all(HANDLE handle, std::string_view bytes, std::atomic<std::size_t>& written) {
  using clock = std::chrono::steady_clock;
  std::optional<clock::time_point> give_up;
  while (!bytes.empty()) {
    DWORD wrote = 0;
    const auto size = static_cast<DWORD>(std::min(bytes.size(), piece_bytes));
    if (!WriteFile(handle, bytes.data(), size, &wrote, nullptr))
      return output_error(GetLastError());
    bytes.remove_prefix(wrote);
    written += wrote;
    if (wrote != 0) continue;
    // A non-blocking pipe that is full took nothing: wait for its reader
    // rather than spin, and after an interrupt not past the grace.
    if (sys::interrupt_requested()) {
      if (!give_up) give_up = clock::now() + sys::grace_after_interrupt;
      if (clock::now() >= *give_up) return interrupted_error();
    }
    Sleep(1);
  }
  return {};
}

Status PipeWriter::write(HANDLE pipe, std::string_view bytes, std::size_t& written) {
  using namespace std::chrono;
  auto request = std::make_shared<PipeRequest>(pipe, bytes);
  auto grace_left = [this] {
    if (!sys::interrupt_requested()) return sys::grace_after_interrupt;
    if (!give_up_) give_up_ = steady_clock::now() + sys::grace_after_interrupt;
    return std::max(milliseconds(0), duration_cast<milliseconds>(*give_up_ - steady_clock::now()));
  };
  const bool ended = helper_.run(
      [request] { request->status = write_all(request->pipe, request->bytes, request->written); },
      grace_left);
  written = request->written;
  if (!ended) return interrupted_error();
  return std::move(request->status);
}

}  // namespace dgram::win32
