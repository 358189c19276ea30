// The rules of dgram's options that the help states and the checks enforce:
// each value's range and which options cannot be given together. They live
// here once: the help prints them from these tables, the checks take their
// limits from them, and tests hold dgram(1), the README and the checks to
// them, so none can drift from the others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/limits.hpp"
#include "common/listen/exec_options.hpp"
#include "common/listen/forward_options.hpp"
#include "common/listen/watch_options.hpp"

namespace dgram {

// A name held in the table itself. A std::string_view there would be a
// pointer, which the loader rewrites in every run when dgram starts (these
// tables took a page of relocated data of their own, a page fault for each
// one-shot send); these characters it leaves alone.
struct TableName {
  char text[20] = {};

  template <std::size_t N>
  consteval TableName(const char (&name)[N]) {  // NOLINT: a literal is the point
    static_assert(N <= sizeof text, "a name of the option tables is longer than TableName holds");
    for (std::size_t i = 0; i < N; ++i) text[i] = name[i];
  }
  constexpr operator std::string_view() const { return text; }  // NOLINT: reads as the name
  friend constexpr bool operator==(const TableName& name, std::string_view other) {
    return std::string_view(name) == other;
  }
};

// The whole numbers an option (or an argument: "PORT") of a command takes.
struct ValueRange {
  TableName command;  // "listen" or "send"
  TableName option;   // its long name, or the argument's name
  std::uint64_t min = 0;
  std::uint64_t max = 0;
};

inline constexpr ValueRange value_ranges[] = {
    {"listen", "PORT", 0, 65535},
    {"listen", "--max-size", 1, max_ipv6_payload},      // IPv4: max_ipv4_payload
    {"listen", "--rcvbuf", 1, std::uint64_t{1} << 30},  // more is surely a typo
    {"listen", "--forward-clients", 1, max_forward_clients},
    {"listen", "--forward-budget", 0, max_forward_budget},
    {"listen", "--exec-jobs", 1, max_exec_jobs},
    {"listen", "--exec-queue", 0, max_exec_queue},
    {"listen", "--watch-senders", 1, max_watch_senders},
    {"send", "PORT", 1, 65535},
    {"send", "--max-size", 1, max_ipv6_payload},
    {"send", "--rate", 1, 10'000'000},  // finer pacing than clocks and sleeps keep
    {"send", "--ttl", 1, 255},
    {"send", "--source-port", 1, 65535},
};

// Two options of a command that cannot be given together, in either order.
struct Exclusion {
  TableName command;
  TableName option;
  TableName other;
};

inline constexpr Exclusion exclusions[] = {
    {"listen", "-4", "-6"},
    {"listen", "--forward", "--echo"},  // a relay's answers come from upstream
    {"listen", "--forward", "--talk"},
    {"listen", "--exec", "--echo"},  // the handler's output is the reply
    {"listen", "--exec", "--talk"},
    {"listen", "--exec", "--forward"},
    {"listen", "--watch", "--forward"},  // a relay shows what it relays
    {"listen", "--watch", "--exec"},
    {"listen", "--stats", "--forward"},
    {"listen", "--stats", "--exec"},
    {"listen", "--progress", "--no-progress"},
    {"send", "-4", "-6"},
    {"send", "--file", "MESSAGE"},
    {"send", "--interval", "--rate"},
    // A conversation sends each typed line once, as it ends, and prints
    // every answer already.
    {"send", "--talk", "--file"},
    {"send", "--talk", "--count"},
    {"send", "--talk", "--interval"},
    {"send", "--talk", "--rate"},
    {"send", "--talk", "--reply"},
    {"send", "--talk", "--all-replies"},
    // A replay's payloads and their spacing come from the capture.
    {"send", "--replay", "MESSAGE"},
    {"send", "--replay", "--file"},
    {"send", "--replay", "--hex"},
    {"send", "--replay", "--lines"},
    {"send", "--replay", "--count"},
    {"send", "--replay", "--interval"},
    {"send", "--replay", "--rate"},
    {"send", "--replay", "--talk"},
    {"send", "--progress", "--no-progress"},
};

// The range of `option` of `command`. Used in a constant expression, a name
// the table lacks does not compile.
constexpr ValueRange range_of(std::string_view command, std::string_view option) {
  for (const ValueRange& range : value_ranges) {
    if (range.command == command && range.option == option) return range;
  }
  throw "no such range in value_ranges";
}

// "1-255", "1-10,000,000": numbers over 99,999 with thousands separators.
std::string range_text(const ValueRange& range);

// The options `option` of `command` cannot be given with, in table order.
std::vector<std::string_view> excluded_with(std::string_view command, std::string_view option);

// `description` with the option's rules as the help states them: the range
// in place of "{range}" (or appended as " (1-255)" when there is none), then
// " (not with --echo or --talk)", both in one parenthesis when both come.
std::string with_rules(std::string_view command, std::string_view option,
                       std::string_view description);

}  // namespace dgram
