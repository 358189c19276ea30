// `dgram listen --exec COMMAND`: the program run for each datagram, and the
// bounds it runs within.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace dgram {

// Enough to keep a handler that waits on something busy without a burst
// starting more processes than a small machine bears.
inline constexpr std::size_t default_exec_jobs = 8;
inline constexpr std::size_t max_exec_jobs = 256;
// Datagrams waiting for a free handler; each holds at most --max-size bytes.
inline constexpr std::size_t default_exec_queue = 64;
inline constexpr std::size_t max_exec_queue = 10'000;
inline constexpr std::chrono::milliseconds default_exec_timeout{10'000};

struct ExecOptions {
  std::string command;                                       // run by the system shell
  std::size_t jobs = default_exec_jobs;                      // --exec-jobs
  std::size_t queue = default_exec_queue;                    // --exec-queue
  std::chrono::milliseconds timeout = default_exec_timeout;  // --exec-timeout
};

}  // namespace dgram
