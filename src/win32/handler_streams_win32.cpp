#include "win32/handler_streams_win32.hpp"

#include <algorithm>
#include <utility>

namespace dgram::win32 {
namespace {

// A pipe's usual buffer.
constexpr std::size_t piece_bytes = 64 * 1024;
// What standard error may hold unread between the two threads.
constexpr std::size_t error_backlog_most = 64 * 1024;

}  // namespace

PumpThread::PumpThread(std::function<void()> job) : job_(std::move(job)) {
  // The buffers live on the heap: a small stack is enough.
  thread_.reset(CreateThread(nullptr, 64 * 1024, &PumpThread::serve, this,
                             STACK_SIZE_PARAM_IS_A_RESERVATION, nullptr));
  if (!thread_) start_error_ = GetLastError();
}

PumpThread::~PumpThread() {
  if (thread_) WaitForSingleObject(thread_.get(), INFINITE);
}

bool PumpThread::ended() const {
  return !thread_ || WaitForSingleObject(thread_.get(), 0) == WAIT_OBJECT_0;
}

DWORD WINAPI PumpThread::serve(void* self) {
  static_cast<PumpThread*>(self)->job_();
  return 0;
}

void write_input(OwnedHandle& pipe, std::span<const std::byte> input) {
  while (!input.empty()) {
    DWORD wrote = 0;
    const auto size = static_cast<DWORD>(std::min(input.size(), piece_bytes));
    // ERROR_BROKEN_PIPE or ERROR_NO_DATA: it ended, or closed its input,
    // without reading the rest; nothing to tell.
    if (!WriteFile(pipe.get(), input.data(), size, &wrote, nullptr)) break;
    input = input.subspan(wrote);
  }
  pipe.reset();
}

void read_output(HANDLE pipe, std::size_t most, std::vector<std::byte>& kept, bool& over) {
  std::vector<std::byte> buffer(piece_bytes);
  DWORD got = 0;
  // ERROR_BROKEN_PIPE: every write end is closed. A read of 0 bytes is a
  // write of 0 bytes, not the end.
  while (ReadFile(pipe, buffer.data(), static_cast<DWORD>(buffer.size()), &got, nullptr)) {
    const std::size_t keep = std::min<std::size_t>(got, most - kept.size());
    kept.insert(kept.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(keep));
    if (keep < got) over = true;
  }
}

ErrorStream::ErrorStream() : ready_(CreateEventW(nullptr, FALSE, FALSE, nullptr)) {}

void ErrorStream::read_all(HANDLE pipe) {
  std::vector<char> buffer(piece_bytes);
  DWORD got = 0;
  while (ReadFile(pipe, buffer.data(), static_cast<DWORD>(buffer.size()), &got, nullptr)) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return abandoned_ || pending_.size() < error_backlog_most; });
    if (abandoned_) continue;
    pending_.append(buffer.data(), got);
    SetEvent(ready_.get());
  }
}

std::string ErrorStream::take() {
  std::string taken;
  {
    const std::lock_guard lock(mutex_);
    taken.swap(pending_);
  }
  room_.notify_all();
  return taken;
}

void ErrorStream::abandon() {
  {
    const std::lock_guard lock(mutex_);
    abandoned_ = true;
  }
  room_.notify_all();
}

void ErrorLines::add(std::string_view bytes) {
  pending_.append(bytes);
  std::size_t start = 0;
  for (std::size_t end; (end = pending_.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string_view line(pending_.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    emit(line);
  }
  pending_.erase(0, start);
  // A line longer than a piece goes in pieces as it comes; a "\r" that
  // ends what came is kept back, as it may start the "\r\n" that ends it.
  const std::size_t most = sys::error_line_most;
  std::size_t sent = 0;
  while (pending_.size() - sent > most + 1 ||
         (pending_.size() - sent == most + 1 && pending_.back() != '\r')) {
    sink_(std::string_view(pending_).substr(sent, most));
    sent += most;
  }
  pending_.erase(0, sent);
}

void ErrorLines::finish() {
  if (!pending_.empty()) emit(pending_);
  pending_.clear();
}

void ErrorLines::emit(std::string_view line) {
  do {
    sink_(line.substr(0, sys::error_line_most));
    line.remove_prefix(std::min(line.size(), sys::error_line_most));
  } while (!line.empty());
}

}  // namespace dgram::win32
