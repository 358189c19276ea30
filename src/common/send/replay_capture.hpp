// `send --replay FILE`: the datagrams of a capture, each with its sender and
// the time it arrived, read from a pcap or pcapng file (any tool's, with UDP
// over IPv4 or IPv6) or from `dgram listen -f json` records. What is read is
// told by the content, not by the file's name.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/net.hpp"
#include "common/result.hpp"

namespace dgram {

struct CapturedDatagram {
  std::chrono::nanoseconds time{0};  // since the Unix epoch, as the file says
  net::Endpoint from;                // the sender's address and port
  std::size_t offset = 0;            // the payload, in Capture::payloads
  std::size_t size = 0;
};

// What a capture holds that is not replayed, by reason.
struct SkippedPackets {
  std::uint64_t not_udp = 0;        // TCP, ARP, ICMP, ...; JSON lines without a payload
  std::uint64_t fragments = 0;      // IP fragments: dgram does not reassemble
  std::uint64_t truncated = 0;      // captured shorter than it was: never sent cut
  std::uint64_t other_senders = 0;  // left out by --replay-from

  std::uint64_t total() const { return not_udp + fragments + truncated + other_senders; }
};

struct Capture {
  std::string format;  // "pcap", "pcapng" or "json"
  std::vector<CapturedDatagram> datagrams;
  std::vector<std::byte> payloads;
  SkippedPackets skipped;

  std::span<const std::byte> payload(const CapturedDatagram& datagram) const {
    return std::span(payloads).subspan(datagram.offset, datagram.size);
  }
  // Keeps `bytes` as the payload of a datagram from `from` at `time`.
  void add(std::chrono::nanoseconds time, const net::Endpoint& from,
           std::span<const std::byte> bytes);
};

// The capture in `file` (its whole content), by its first bytes: a pcap
// magic number, a pcapng section header, or '{' for JSON records. `name`
// names the file in errors, which are usage errors saying what is wrong and
// how to fix it.
Result<Capture> read_capture(std::span<const std::byte> file, std::string_view name);

// The readers read_capture chooses from.
Result<Capture> read_pcap(std::span<const std::byte> file, std::string_view name);
Result<Capture> read_pcapng(std::span<const std::byte> file, std::string_view name);
Result<Capture> read_json_records(std::span<const std::byte> file, std::string_view name);

// For the pcap and pcapng readers: keeps the UDP datagram in `frame`, a
// packet of `link_type` captured at `time`, or counts why there is none
// (`cut`: the capture holds less of it than there was).
void keep_udp(Capture& capture, std::uint32_t link_type, std::chrono::nanoseconds time,
              std::span<const std::byte> frame, bool cut);
Error unknown_link_type(std::string_view name, std::uint32_t link_type);

}  // namespace dgram
