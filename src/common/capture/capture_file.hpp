// `listen --pcap FILE`: the datagrams a listener accepted, written as a
// classic pcap file (pcap_format.hpp) while records go on as ever. Records
// are gathered and written whole; a write that fails part-way (a full disk,
// an interrupt) is cut back to the last whole record, so the file stays
// readable up to the last whole datagram.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/capture/pcap_format.hpp"
#include "common/result.hpp"

namespace dgram {

class CaptureFile {
 public:
  // Creates `path` (or takes stdout for "-") and writes the file header.
  static Result<std::unique_ptr<CaptureFile>> open(const std::string& path);
  ~CaptureFile();
  CaptureFile(const CaptureFile&) = delete;
  CaptureFile& operator=(const CaptureFile&) = delete;

  bool on_stdout() const { return file_ == stdout; }
  void add(const pcap::Datagram& datagram);
  // Whether enough is gathered to be worth a write now.
  bool due() const { return buffer_.size() >= flush_threshold; }
  // Writes what is gathered. ErrorKind::output_closed once the reader of
  // a pipe has gone; any other failure is an error naming the file, and
  // ends the capture (nothing more is written).
  Status flush();

 private:
  CaptureFile(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  Error failed(Error error, std::size_t written);

  static constexpr std::size_t flush_threshold = 256 * 1024;
  std::FILE* file_;
  std::string path_;
  std::string buffer_;
  std::vector<std::size_t> record_ends_;  // offsets in buffer_
  std::uint64_t committed_ = 0;           // bytes of the file known whole
  bool broken_ = false;
};

}  // namespace dgram
