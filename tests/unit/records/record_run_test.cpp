// The records of a run (datagrams of one sender from one read, written with
// their shared head made once and plain payloads copied whole) are byte for
// byte the records append_record writes one at a time, in every format, and
// each record's end is where that record ends.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "common/records/record_run.hpp"

namespace dgram {
namespace {

using Bytes = std::vector<std::byte>;

class RunMaker {
 public:
  explicit RunMaker(std::uint32_t seed) : random_(seed) {}

  std::size_t below(std::size_t bound) {
    return std::uniform_int_distribution<std::size_t>(0, bound - 1)(random_);
  }

  // A payload that is plain ASCII mostly, sometimes with a byte that must be
  // escaped (or starts with '['), sometimes not UTF-8 at all.
  Bytes payload(std::size_t length) {
    Bytes bytes(length);
    for (auto& byte : bytes) byte = static_cast<std::byte>(0x20 + below(95));
    if (length > 0) {
      switch (below(8)) {
        case 0:
          bytes[below(length)] = std::byte{'\\'};
          break;
        case 1:
          bytes[0] = std::byte{'['};
          break;
        case 2:
          bytes[below(length)] = std::byte{'"'};
          break;
        case 3:
          bytes[below(length)] = static_cast<std::byte>(below(256));
          break;
        default:
          break;
      }
    }
    return bytes;
  }

  // 1 to 64 datagrams, one size but the last (as UDP GRO cuts them).
  std::vector<Bytes> payloads() {
    const std::size_t count = below(64) + 1;
    const std::size_t sizes[] = {0, 1, 7, 8, 9, 64, 100, 512, 1400, 1600, 9000};
    const std::size_t size = sizes[below(std::size(sizes))];
    std::vector<Bytes> run;
    for (std::size_t i = 0; i < count; ++i) {
      run.push_back(payload(i + 1 == count && size > 0 ? below(size) + 1 : size));
    }
    return run;
  }

 private:
  std::mt19937 random_;
};

net::Endpoint sender(RunMaker& maker) {
  net::Endpoint from;
  if (maker.below(2) == 0) {
    from.address = {127, 0, 0, 1};
  } else {
    from.family = net::Family::ipv6;
    from.address = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    from.scope_id = 1;
  }
  from.port = static_cast<std::uint16_t>(maker.below(65536));
  return from;
}

TEST(RecordRun, EveryFormatWritesWhatRecordByRecordWrites) {
  RunMaker maker(20261203);
  const OutputFormat formats[] = {OutputFormat::text, OutputFormat::json, OutputFormat::raw,
                                  OutputFormat::hex};
  for (std::size_t round = 0; round < 4000; ++round) {
    const std::vector<Bytes> payloads = maker.payloads();
    // Half the time the payloads lie one after the other in one buffer, as
    // those of one coalesced read do.
    const bool one_buffer = maker.below(2) == 0;
    Bytes buffer;
    for (const Bytes& payload : payloads)
      buffer.insert(buffer.end(), payload.begin(), payload.end());
    std::vector<net::ReceivedDatagram> datagrams;
    std::size_t offset = 0;
    for (const Bytes& payload : payloads) {
      net::ReceivedDatagram datagram;
      // Sometimes the buffer held less than the datagram's true size.
      const bool cut = maker.below(10) == 0 && !payload.empty();
      const auto bytes =
          one_buffer ? std::span(buffer).subspan(offset, payload.size()) : std::span(payload);
      datagram.bytes = bytes.first(cut ? payload.size() - 1 : payload.size());
      datagram.received.size = payload.size();
      datagrams.push_back(datagram);
      offset += payload.size();
    }
    const std::size_t max_sizes[] = {65535, 8, 64, 1000};
    RecordRun run{
        sender(maker),
        WallClock::time_point(std::chrono::seconds(1764720000 + static_cast<long>(round))),
        datagrams, max_sizes[maker.below(std::size(max_sizes))]};
    const RecordStyle style{formats[round % std::size(formats)], maker.below(2) == 0};

    std::string expected = "before|";
    std::vector<std::size_t> expected_ends;
    for (const net::ReceivedDatagram& datagram : datagrams) {
      const auto shown = datagram.bytes.first(std::min(datagram.bytes.size(), run.max_size));
      append_record(expected, Record{run.from, shown, datagram.received.size, run.time, {}, {}},
                    style);
      expected_ends.push_back(expected.size());
    }
    std::string written = "before|";
    std::vector<std::size_t> ends;
    append_record_run(written, ends, run, style);
    ASSERT_EQ(written, expected) << "round " << round;
    ASSERT_EQ(ends, expected_ends) << "round " << round;
  }
}

}  // namespace
}  // namespace dgram
