#include "common/cli/exec_arguments.hpp"

#include <tuple>
#include <utility>

#include <fmt/format.h>
#include "common/cli/cli11.hpp"

#include "common/cli/option_rules.hpp"
#include "common/handler_process.hpp"
#include "common/parse.hpp"

namespace dgram {

void add_exec_options(CLI::App* listen, ExecArguments& e) {
  listen
      ->add_option("--exec", e.command,
                   with_rules("listen", "--exec",
                              fmt::format("run COMMAND ({}) for each datagram, the payload on "
                                          "its standard input, and send what it writes to "
                                          "standard output back as the reply",
                                          sys::handler_shell())))
      ->type_name("COMMAND");
  listen
      ->add_option("--exec-jobs", e.jobs,
                   with_rules("listen", "--exec-jobs",
                              fmt::format("with --exec: handlers running at once, {{range}} "
                                          "(default {})",
                                          default_exec_jobs)))
      ->type_name("N");
  listen
      ->add_option("--exec-queue", e.queue,
                   with_rules("listen", "--exec-queue",
                              fmt::format("with --exec: datagrams waiting for a free handler, "
                                          "{{range}} (default {}); more are dropped and counted",
                                          default_exec_queue)))
      ->type_name("N");
  listen
      ->add_option("--exec-timeout", e.timeout,
                   "with --exec: a handler running this long is killed with everything it "
                   "started (default 10s)")
      ->type_name("DURATION");
}

namespace {

Result<std::size_t> parse_bounded(const std::string& text, std::string_view option) {
  const ValueRange range = range_of("listen", option);
  std::uint64_t value = 0;
  if (text != "0" || range.min > 0) {
    auto parsed = parse_positive(text, option);
    if (!parsed) {
      return usage_error(fmt::format("invalid value '{}' for {}: give {} to {}", text, option,
                                     range.min, range.max));
    }
    value = *parsed;
  }
  if (value > range.max) {
    return usage_error(fmt::format("{} {} is over {}; give {} to {}", option, text, range.max,
                                   range.min, range.max));
  }
  return static_cast<std::size_t>(value);
}

Status check_alone(const ExecArguments& raw, OtherModes modes) {
  for (const auto& [given, name, why] :
       {std::tuple{modes.echo, "--echo", "the handler's output is the reply"},
        std::tuple{modes.talk, "--talk", "the handler's output is the reply"},
        std::tuple{modes.forward, "--forward", "a relay's answers come from its upstream"}}) {
    if (given) {
      return usage_error(fmt::format(
          "--exec and {} cannot be used together: {}; leave out one of them", name, why));
    }
  }
  if (raw.command->empty()) {
    return usage_error("--exec needs a command, e.g. --exec 'tr a-z A-Z'");
  }
  return {};
}

}  // namespace

Result<std::optional<ExecOptions>> make_exec_options(const ExecArguments& raw, OtherModes modes) {
  if (!raw.command) {
    for (const auto& [given, name] : {std::pair{raw.jobs.has_value(), "--exec-jobs"},
                                      std::pair{raw.queue.has_value(), "--exec-queue"},
                                      std::pair{raw.timeout.has_value(), "--exec-timeout"}}) {
      if (given) {
        return usage_error(fmt::format(
            "{} only works with --exec; add --exec COMMAND or leave out {}", name, name));
      }
    }
    return std::optional<ExecOptions>();
  }
  if (auto alone = check_alone(raw, modes); !alone) return alone.take_error();
  ExecOptions exec;
  exec.command = *raw.command;
  if (raw.jobs) {
    auto jobs = parse_bounded(*raw.jobs, "--exec-jobs");
    if (!jobs) return jobs.take_error();
    exec.jobs = *jobs;
  }
  if (raw.queue) {
    auto queue = parse_bounded(*raw.queue, "--exec-queue");
    if (!queue) return queue.take_error();
    exec.queue = *queue;
  }
  if (raw.timeout) {
    auto timeout = parse_timeout(*raw.timeout, "--exec-timeout");
    if (!timeout) return timeout.take_error();
    exec.timeout = *timeout;
  }
  return std::optional<ExecOptions>(std::move(exec));
}

}  // namespace dgram
