// `dgram send` on the command line: its options as CLI11 fills them in,
// their checks, and the run with the standard streams the process has.
#pragma once

#include <optional>
#include <string>

#include "common/cli/replay_arguments.hpp"
#include "common/cli/report_options.hpp"
#include "common/result.hpp"
#include "common/system.hpp"

namespace CLI {
class App;
}

namespace dgram {

// The options as given, all text (see option_values.hpp).
struct SendArguments {
  std::string host;
  std::string port;
  std::optional<std::string> message;
  std::optional<std::string> file;
  std::optional<std::string> max_size;
  bool chunk = false;
  bool ipv4 = false;
  bool ipv6 = false;
  bool hex = false;
  bool lines = false;
  std::optional<std::string> count;
  bool seq = false;
  std::optional<std::string> interval;
  std::optional<std::string> rate;
  bool reply = false;
  bool all_replies = false;
  bool talk = false;
  std::optional<std::string> timeout;
  std::string format = "text";
  bool timestamps = false;
  bool broadcast = false;
  std::optional<std::string> ttl;
  std::optional<std::string> bind;
  std::optional<std::string> source_port;
  ReplayArguments replay;  // --replay, --replay-from, --speed, --loop
  ReportArguments report;  // --summary, --progress
};

void add_send_options(CLI::App* send, SendArguments& s);

// Checks every value (exit 2 before anything is sent), then sends.
Status run_send_command(const SendArguments& arguments, const sys::StandardStreams& streams);

}  // namespace dgram
