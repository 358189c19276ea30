#include "common/capture/capture_file.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/system.hpp"

namespace dgram {

Result<std::unique_ptr<CaptureFile>> CaptureFile::open(const std::string& path) {
  std::FILE* file = stdout;
  if (path != "-") {
    auto created = sys::create_output_file(path);
    if (!created) {
      return Error{ErrorKind::system, fmt::format("cannot create the capture file {}: {} (--pcap)",
                                                  path, created.error().message)};
    }
    file = *created;
  }
  std::unique_ptr<CaptureFile> capture(new CaptureFile(file, path));
  capture->buffer_ = pcap::file_header();
  capture->record_ends_.push_back(capture->buffer_.size());
  // The header goes out at once: a capture that ends before any datagram
  // is still a file Wireshark opens.
  if (auto flushed = capture->flush(); !flushed) return flushed.take_error();
  return capture;
}

CaptureFile::~CaptureFile() {
  if (file_ != stdout) std::fclose(file_);
}

void CaptureFile::add(const pcap::Datagram& datagram) {
  if (broken_) return;
  pcap::append_record(buffer_, datagram);
  record_ends_.push_back(buffer_.size());
}

Status CaptureFile::flush() {
  if (broken_ || buffer_.empty()) return {};
  std::size_t written = 0;
  if (auto wrote = sys::write_output(file_, buffer_, written); !wrote) {
    return failed(wrote.take_error(), written);
  }
  committed_ += buffer_.size();
  buffer_.clear();
  record_ends_.clear();
  return {};
}

// Keeps the whole records the failed write got out and cuts off the part
// of the next one, where the file can be cut (not a pipe).
Error CaptureFile::failed(Error error, std::size_t written) {
  broken_ = true;
  const auto whole = std::upper_bound(record_ends_.begin(), record_ends_.end(), written);
  const std::size_t kept = whole == record_ends_.begin() ? 0 : *(whole - 1);
  if (kept != written && !on_stdout()) {
    (void)sys::truncate_output_file(file_, committed_ + kept);
  }
  buffer_.clear();
  record_ends_.clear();
  if (error.kind == ErrorKind::output_closed || error.kind == ErrorKind::interrupted) return error;
  const std::string where = on_stdout() ? "stdout" : path_;
  return Error{ErrorKind::system,
               fmt::format("cannot write the capture to {}: {}; the datagrams before are in it "
                           "whole (--pcap)",
                           where, error.message)};
}

}  // namespace dgram
