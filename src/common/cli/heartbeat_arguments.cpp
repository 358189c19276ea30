#include "common/cli/heartbeat_arguments.hpp"

#include <tuple>
#include <utility>

#include <fmt/format.h>
#include "common/cli/cli11.hpp"

#include "common/cli/option_rules.hpp"
#include "common/parse.hpp"

namespace dgram {

void add_heartbeat_options(CLI::App* listen, HeartbeatArguments& h) {
  listen
      ->add_option("--watch", h.watch,
                   with_rules("listen", "--watch",
                              "watch who sends: an event line on stdout when a sender is first "
                              "heard (new), unheard for DURATION (quiet) and heard again "
                              "(back), instead of the datagrams"))
      ->type_name("DURATION");
  listen
      ->add_option("--watch-key", h.watch_key,
                   "with --watch: what a sender is, its address (default) or its endpoint "
                   "(address and port)")
      ->type_name("KEY");
  listen
      ->add_option("--watch-senders", h.watch_senders,
                   with_rules("listen", "--watch-senders",
                              fmt::format("with --watch: senders kept, {{range}} (default {}); "
                                          "the least recently heard gives way and is counted",
                                          default_watch_senders)))
      ->type_name("N");
  listen->add_flag("--stats", h.stats,
                   with_rules("listen", "--stats",
                              "follow the sequence header of send --seq: per sender received, "
                              "lost, reordered, duplicated, late and jitter, on the status line "
                              "and in the summary; records show the payload after the header"));
  listen
      ->add_option("--stats-every", h.stats_every,
                   "with --stats: a line per sender on stderr every DURATION")
      ->type_name("DURATION");
}

namespace {

Result<std::size_t> parse_senders(const std::string& text) {
  constexpr ValueRange range = range_of("listen", "--watch-senders");
  auto parsed = parse_positive(text, "--watch-senders");
  if (parsed && *parsed > range.max) {
    return usage_error(fmt::format("--watch-senders {} is over {}; give {} to {}", text, range.max,
                                   range.min, range.max));
  }
  if (!parsed) {
    return usage_error(fmt::format("invalid value '{}' for --watch-senders: give {} to {}", text,
                                   range.min, range.max));
  }
  return static_cast<std::size_t>(*parsed);
}

}  // namespace

Result<StatsChoice> make_stats_choice(const HeartbeatArguments& raw, bool forward, bool exec) {
  StatsChoice choice;
  if (!raw.stats) {
    if (raw.stats_every) {
      return usage_error(
          "--stats-every only works with --stats; add --stats or leave out --stats-every");
    }
    return choice;
  }
  for (const auto& [given, name, why] :
       {std::tuple{forward, "--forward", "a relay shows what it relays"},
        std::tuple{exec, "--exec", "the handler gets the datagram whole"}}) {
    if (given) {
      return usage_error(fmt::format(
          "--stats and {} cannot be used together: {}; leave out one of them", name, why));
    }
  }
  choice.stats = true;
  if (raw.stats_every) {
    auto every = parse_timeout(*raw.stats_every, "--stats-every");
    if (!every) return every.take_error();
    choice.every = *every;
  }
  return choice;
}

Result<std::optional<WatchOptions>> make_watch_options(const HeartbeatArguments& raw, bool forward,
                                                       bool exec) {
  if (!raw.watch) {
    for (const auto& [given, name] :
         {std::pair{raw.watch_key.has_value(), "--watch-key"},
          std::pair{raw.watch_senders.has_value(), "--watch-senders"}}) {
      if (given) {
        return usage_error(fmt::format(
            "{} only works with --watch; add --watch DURATION or leave out {}", name, name));
      }
    }
    return std::optional<WatchOptions>();
  }
  for (const auto& [given, name, why] :
       {std::tuple{forward, "--forward", "a relay shows what it relays"},
        std::tuple{exec, "--exec", "--exec shows how each handler ended"}}) {
    if (given) {
      return usage_error(fmt::format(
          "--watch and {} cannot be used together: {}; leave out one of them", name, why));
    }
  }
  WatchOptions watch;
  auto quiet_after = parse_timeout(*raw.watch, "--watch");
  if (!quiet_after) return quiet_after.take_error();
  watch.quiet_after = *quiet_after;
  if (raw.watch_key) {
    if (*raw.watch_key == "endpoint") {
      watch.by_endpoint = true;
    } else if (*raw.watch_key != "address") {
      return usage_error(fmt::format("invalid value '{}' for --watch-key: give address or endpoint",
                                     *raw.watch_key));
    }
  }
  if (raw.watch_senders) {
    auto senders = parse_senders(*raw.watch_senders);
    if (!senders) return senders.take_error();
    watch.senders = *senders;
  }
  return std::optional<WatchOptions>(watch);
}

}  // namespace dgram
