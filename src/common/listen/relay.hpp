// `dgram listen PORT --forward HOST:PORT`: a UDP relay. Every accepted
// datagram goes whole to HOST:PORT from an upstream socket of its client's
// own; what HOST:PORT answers on that socket goes back to that client.
#pragma once

#include <cstdio>

#include "common/listen/listen.hpp"
#include "common/records/output.hpp"
#include "common/result.hpp"

namespace dgram {

// Relays until --count client datagrams were relayed, the idle timeout
// passed with nothing relayed either way (ErrorKind::timed_out) or the user
// interrupted. Records of both directions go to `out`; the start lines,
// warnings and the summary to `log`.
Status run_relay(const ListenOptions& options, Output& out, std::FILE* log);

}  // namespace dgram
