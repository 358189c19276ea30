#include "common/listen/echo_back.hpp"

#include "common/listen/sender_policy.hpp"

namespace dgram {

Result<bool> EchoBack::accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                                ReceiveSession& session) {
  ListenStats& stats = session.stats();
  // A sender that vanished (ICMP, unreachable) or a full send queue must
  // not stop the listener: counted.
  if (!may_echo_to(from, session.local().port)) {
    ++stats.echoes_refused;
  } else if (!session.listener().send_to(datagram.bytes, datagram.received.from,
                                         receive_side_send)) {
    ++stats.echo_failures;
  }
  return true;
}

}  // namespace dgram
