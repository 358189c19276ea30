#include "common/capture/capture_sink.hpp"

#include <algorithm>
#include <chrono>

#include "common/endpoint.hpp"

namespace dgram {

Result<std::unique_ptr<CaptureSink>> CaptureSink::open(const std::string& path,
                                                       const net::Endpoint& local) {
  auto file = CaptureFile::open(path);
  if (!file) return file.take_error();
  return std::make_unique<CaptureSink>(std::move(*file), local);
}

void CaptureSink::add(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                      std::size_t kept, WallClock::time_point arrived) {
  pcap::Datagram record;
  record.from = from;
  record.to = destination(datagram, from);
  record.bytes = datagram.bytes.first(std::min(kept, datagram.bytes.size()));
  record.size = datagram.received.size;
  record.unix_nanoseconds =
      std::chrono::duration_cast<std::chrono::nanoseconds>(arrived.time_since_epoch()).count();
  file_->add(record);
}

net::Endpoint CaptureSink::destination(const net::ReceivedDatagram& datagram,
                                       const net::Endpoint& from) const {
  net::Endpoint to = unmap(datagram.received.to.value_or(local_));
  to.port = local_.port;
  to.scope_id = 0;
  if (to.family == from.family) return to;
  // The OS did not say, and the listener's address is of the other family
  // (an IPv4 sender on a dual-stack socket bound to [::]): the unspecified
  // address of the sender's family.
  net::Endpoint unknown;
  unknown.family = from.family;
  unknown.port = local_.port;
  return unknown;
}

}  // namespace dgram
