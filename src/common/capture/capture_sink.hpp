// What a listener hands its capture (--pcap): each accepted datagram with
// its sender, its destination and its arrival time. The destination is what
// the OS reported for it (a wildcard listener's own address says nothing),
// else the listener's address; a datagram from an IPv4 sender on a
// dual-stack socket is written as an IPv4 packet.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "common/capture/capture_file.hpp"
#include "common/net.hpp"
#include "common/records/timestamp.hpp"

namespace dgram {

class CaptureSink {
 public:
  // Creates the capture file at `path` ("-": stdout) for a listener bound
  // to `local`.
  static Result<std::unique_ptr<CaptureSink>> open(const std::string& path,
                                                   const net::Endpoint& local);
  CaptureSink(std::unique_ptr<CaptureFile> file, const net::Endpoint& local)
      : file_(std::move(file)), local_(local) {}

  bool on_stdout() const { return file_->on_stdout(); }
  // `from` with IPv4-mapped addresses unmapped; at most `kept` bytes of it
  // are stored (-m), its true size is recorded.
  void add(const net::ReceivedDatagram& datagram, const net::Endpoint& from, std::size_t kept,
           WallClock::time_point arrived);
  Status flush_if_due() { return file_->due() ? file_->flush() : Status{}; }
  Status flush() { return file_->flush(); }

 private:
  net::Endpoint destination(const net::ReceivedDatagram& datagram, const net::Endpoint& from) const;

  std::unique_ptr<CaptureFile> file_;
  net::Endpoint local_;
};

}  // namespace dgram
