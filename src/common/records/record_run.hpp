// The records of datagrams that one read brought from one sender: with UDP
// GRO up to 64 at once, all of one size but maybe the last. Their records
// differ only in the payload, so what comes before it is made once for the
// run and copied, and a payload that needs no escaping is copied whole.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/net.hpp"
#include "common/records/output_format.hpp"

namespace dgram {

struct RecordRun {
  net::Endpoint from;  // as shown: IPv4 senders unmapped
  WallClock::time_point time;
  std::span<const net::ReceivedDatagram> datagrams;
  std::size_t max_size = 0;  // each record shows at most this much of its datagram
};

// Appends one record per datagram of `run`, byte for byte what append_record
// writes for each, and the offset where each one ends to `ends`.
void append_record_run(std::string& out, std::vector<std::size_t>& ends, const RecordRun& run,
                       const RecordStyle& style);

}  // namespace dgram
