// The start-up line a listener that answers (--echo, --forward, --exec) says
// when anyone who can reach it may use it: bound to more than loopback and
// with no --allow. About safety, not records: -q does not hide it.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "common/listen/listen.hpp"
#include "common/net.hpp"

namespace dgram {

// The warning line (with its newline) for a listener on `local` run with
// `options`, or nothing when it answers no one, only loopback or only the
// senders --allow names.
std::optional<std::string> open_answer_warning(const ListenOptions& options,
                                               const net::Endpoint& local);

// Writes open_answer_warning() to `log`, if there is one.
void warn_if_open_to_anyone(std::FILE* log, const ListenOptions& options,
                            const net::Endpoint& local);

}  // namespace dgram
