// `dgram send HOST PORT --replay FILE`: the datagrams of a capture sent
// again, each at its original distance from the first (divided by --speed),
// --loop times; every datagram checked against --max-size before the first
// one leaves.
#pragma once

#include "common/result.hpp"
#include "common/send/send.hpp"

namespace dgram {

// Standard input and files are read whole before anything is sent; this
// bounds the memory a capture takes.
inline constexpr std::size_t max_capture_read = 512 * 1024 * 1024;

Status run_replay(const SendOptions& options);

}  // namespace dgram
