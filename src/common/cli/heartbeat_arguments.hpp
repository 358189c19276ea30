// `dgram listen --watch` (who has gone quiet) on the command line: its
// options as CLI11 fills them in, and their checks.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/listen/watch_options.hpp"
#include "common/result.hpp"

namespace CLI {
class App;
}

namespace dgram {

struct HeartbeatArguments {
  std::optional<std::string> watch;
  std::optional<std::string> watch_key;
  std::optional<std::string> watch_senders;
  bool stats = false;
  std::optional<std::string> stats_every;
};

void add_heartbeat_options(CLI::App* listen, HeartbeatArguments& h);

// --stats and --stats-every DURATION: whether to follow the sequence
// header, and how often to tell; a usage error for a bad value.
struct StatsChoice {
  bool stats = false;
  std::optional<std::chrono::milliseconds> every;
};
Result<StatsChoice> make_stats_choice(const HeartbeatArguments& raw, bool forward, bool exec);

// Nothing without --watch; a usage error for a bad value, or for a
// --watch-* option without --watch.
Result<std::optional<WatchOptions>> make_watch_options(const HeartbeatArguments& raw, bool forward,
                                                       bool exec);

}  // namespace dgram
