#include "common/records/output.hpp"

#include <algorithm>

#include "common/records/status_line.hpp"
#include "common/system.hpp"

namespace dgram {

void Output::add(const Record& record, const RecordStyle& style) {
  append_record(buffer_, record, style);
  record_ends_.push_back(buffer_.size());
}

Status Output::flush() {
  if (buffer_.empty()) return {};
  // A terminal shows records one by one, maybe where the status line is.
  if (interactive_) erase_status_line();
  std::size_t written = 0;
  Status status = sys::write_output(file_, buffer_, written);
  if (!status) {
    // A record whose end did not go out is lost, even if its start did.
    const auto whole = std::upper_bound(record_ends_.begin(), record_ends_.end(), written);
    not_written_ += static_cast<std::uint64_t>(record_ends_.end() - whole);
  }
  buffer_.clear();
  record_ends_.clear();
  return status;
}

}  // namespace dgram
