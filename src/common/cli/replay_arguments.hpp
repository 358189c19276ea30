// `dgram send --replay FILE` on the command line: its options as CLI11
// fills them in, and their checks.
#pragma once

#include <optional>
#include <string>

#include "common/result.hpp"
#include "common/send/send.hpp"

namespace CLI {
class App;
}

namespace dgram {

struct ReplayArguments {
  std::optional<std::string> file;
  std::optional<std::string> from;
  std::optional<std::string> speed;
  std::optional<std::string> loop;
};

void add_replay_options(CLI::App* send, ReplayArguments& r);

struct SendArguments;

// Nothing without --replay; a usage error for a bad value, for --replay-from,
// --speed or --loop without --replay, or for a payload option beside it.
Result<std::optional<ReplayOptions>> make_replay_options(const SendArguments& raw);

}  // namespace dgram
