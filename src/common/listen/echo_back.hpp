// `listen --echo`: every accepted datagram goes back, whole, to its sender
// (whatever --max-size shows), unless that could start a loop.
#pragma once

#include "common/listen/receive_session.hpp"

namespace dgram {

class EchoBack : public ReceiveHandler {
 public:
  Result<bool> accepted(const net::ReceivedDatagram& datagram, const net::Endpoint& from,
                        ReceiveSession& session) override;
};

}  // namespace dgram
