// `dgram send`'s socket and destination: the first of HOST's addresses that
// does not refuse the first datagram, paced by --interval / --rate.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/net.hpp"
#include "common/result.hpp"
#include "common/send/pacer.hpp"
#include "common/send/send.hpp"
#include "common/send/send_report.hpp"
#include "common/send/seq_framing.hpp"

namespace dgram {

// HOST's addresses, in the resolver's order, less those --max-size cannot
// reach (-m 65527 fits IPv6 only); an error when none is left.
Result<std::vector<net::Endpoint>> destination_addresses(const SendOptions& options);

class Sender {
 public:
  // Opens a socket for the first of `addresses` (HOST's, in the resolver's
  // order) with the options applied; a broadcast or multicast destination
  // keeps only the first address. What it sends is counted in `report`.
  static Result<Sender> open(const SendOptions& options, std::vector<net::Endpoint> addresses,
                             SendReport& report);

  // Sends one datagram when the pacing says it is due. The first one decides
  // the destination: when its address answers with an ICMP port unreachable
  // (`localhost` is ::1 first, and many servers listen on IPv4 only), it goes
  // again to the next address, which then takes every later one.
  Status send(std::span<const std::byte> datagram);

  // Whether the destination is decided: send() has had a datagram taken.
  bool settled() const { return settled_; }
  std::uint64_t datagrams_sent() const { return report_->datagrams(); }
  // The counts, the status line and the summary.
  SendReport& report() { return *report_; }

  // With --seq, `batch` behind their headers, the sequence counted on from
  // the datagrams taken so far; without, `batch` itself. For a batch sent at
  // once after the first datagram.
  std::span<const std::span<const std::byte>> framed(
      std::span<const std::span<const std::byte>> batch);

  // A send or connect error in the user's terms; a refusal is counted.
  Error explain(Error error);
  std::string nothing_listening() const;

  net::UdpSocket& socket() { return *socket_; }
  const net::Endpoint& destination() const { return addresses_[current_]; }
  // Connected (unicast): ICMP errors reach the socket and only the
  // destination's replies count. Broadcast and multicast are not.
  bool connected() const { return connected_; }
  // HOST had more addresses than the one unconnected sends go to.
  bool left_out_addresses() const { return left_out_addresses_; }

 private:
  Sender(const SendOptions& options, std::vector<net::Endpoint> addresses, bool connected,
         SendReport& report)
      : options_(&options),
        addresses_(std::move(addresses)),
        connected_(connected),
        report_(&report),
        pacer_(options.period) {}

  Status open_socket();
  Status settle(std::span<const std::byte> datagram);
  Status send_settled(std::span<const std::byte> datagram);
  Status transmit(std::span<const std::byte> datagram);
  bool refused();
  // Counts an ICMP error (refused, unreachable) in the report; whether it was one.
  bool count_as_answer(ErrorKind kind);

  const SendOptions* options_;
  std::vector<net::Endpoint> addresses_;
  std::size_t current_ = 0;
  bool connected_;
  bool settled_ = false;
  bool left_out_addresses_ = false;
  SendReport* report_;
  std::optional<net::UdpSocket> socket_;
  Pacer pacer_;
  SeqFramer framer_;
  std::uint64_t next_sequence_ = 0;  // --seq: the next datagram's
};

}  // namespace dgram
