// `dgram listen` on the command line: its options as CLI11 fills them in,
// their checks, and the run with the standard streams the process has.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/cli/exec_arguments.hpp"
#include "common/cli/heartbeat_arguments.hpp"
#include "common/cli/report_options.hpp"
#include "common/result.hpp"
#include "common/system.hpp"

namespace CLI {
class App;
}

namespace dgram {

// The options as given, all text (see option_values.hpp).
struct ListenArguments {
  std::string port;
  std::optional<std::string> bind;
  std::optional<std::string> max_size;
  std::optional<std::string> count;
  std::optional<std::string> timeout;
  bool ipv4 = false;
  bool ipv6 = false;
  bool quiet = false;
  bool reuse = false;
  bool echo = false;
  bool talk = false;
  std::string format = "text";
  bool timestamps = false;
  std::vector<std::string> joins;
  std::vector<std::string> allows;
  std::optional<std::string> rcvbuf;
  std::optional<std::string> pcap;
  std::optional<std::string> forward;
  std::optional<std::string> forward_idle;
  std::optional<std::string> forward_clients;
  std::optional<std::string> forward_budget;
  ExecArguments exec;            // --exec and its bounds
  HeartbeatArguments heartbeat;  // --watch
  ReportArguments report;        // --summary, --progress
};

void add_listen_options(CLI::App* listen, ListenArguments& l);

// Checks every value (exit 2 before anything is bound), then listens.
Status run_listen_command(const ListenArguments& arguments, const sys::StandardStreams& streams);

}  // namespace dgram
