#include "common/records/output.hpp"

#include <algorithm>

#include "common/records/status_line.hpp"
#include "common/system.hpp"

namespace dgram {

void Output::add(const Record& record, const RecordStyle& style) {
  append_record(buffer_, record, style);
  record_ends_.push_back(buffer_.size());
}

void Output::add_line(std::string_view line) {
  buffer_ += line;
  record_ends_.push_back(buffer_.size());
}

Status Output::flush() {
  if (buffer_.empty()) return {};
  // A terminal shows records one by one, maybe where the status line is.
  if (interactive_) erase_status_line();
  std::size_t written = 0;
  Status status = sys::write_output(file_, buffer_, written);
  if (!status) count_unwritten(written);
  buffer_.clear();
  record_ends_.clear();
  front_started_ = false;
  return status;
}

void Output::count_unwritten(std::size_t written) {
  // A record whose end did not go out is lost, even if its start did.
  const auto whole = std::upper_bound(record_ends_.begin(), record_ends_.end(), written);
  not_written_ += static_cast<std::uint64_t>(record_ends_.end() - whole);
}

Status Output::flush_now() {
  if (buffer_.empty()) return {};
  if (interactive_) erase_status_line();
  std::size_t written = 0;
  if (Status status = sys::write_output_now(file_, buffer_, written); !status) {
    count_unwritten(written);
    buffer_.clear();
    record_ends_.clear();
    front_started_ = false;
    return status;
  }
  consume(written);
  if (buffer_.size() > backlog_most) drop_backlog();
  return {};
}

// Takes the first `written` bytes off the buffer.
void Output::consume(std::size_t written) {
  if (written == 0) return;
  const auto first_left = std::upper_bound(record_ends_.begin(), record_ends_.end(), written);
  const std::size_t start_left = first_left == record_ends_.begin() ? 0 : *(first_left - 1);
  front_started_ = written > start_left || (first_left == record_ends_.begin() && front_started_);
  record_ends_.erase(record_ends_.begin(), first_left);
  for (std::size_t& end : record_ends_) end -= written;
  buffer_.erase(0, written);
}

// Keeps only a record already started (the output stays whole records).
void Output::drop_backlog() {
  const std::size_t keep = front_started_ && !record_ends_.empty() ? 1 : 0;
  not_written_ += record_ends_.size() - keep;
  buffer_.resize(keep == 1 ? record_ends_.front() : 0);
  record_ends_.resize(keep);
}

}  // namespace dgram
