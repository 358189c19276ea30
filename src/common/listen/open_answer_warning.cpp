#include "common/listen/open_answer_warning.hpp"

#include <fmt/format.h>

#include "common/endpoint.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"

namespace dgram {
namespace {

// What the mode sends, and to whom, in a few words; nothing for a listener
// that only records.
std::optional<std::string> what_it_answers(const ListenOptions& options) {
  if (options.forward) return "--forward relays for";
  if (options.exec) return "--exec runs a program for every datagram of";
  if (options.echo) return "--echo answers";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> open_answer_warning(const ListenOptions& options,
                                               const net::Endpoint& local) {
  const auto mode = what_it_answers(options);
  if (!mode || !options.allow.empty() || is_loopback(local)) return std::nullopt;
  return fmt::format(
      "dgram: warning: {} anyone who can reach {}; to answer only some senders add --allow "
      "ADDR[/PREFIX], or listen on this host only with -b 127.0.0.1\n",
      *mode, endpoint_text(unmap(local)));
}

void warn_if_open_to_anyone(std::FILE* log, const ListenOptions& options,
                            const net::Endpoint& local) {
  if (const auto line = open_answer_warning(options, local)) print_diagnostic(log, "{}", *line);
}

}  // namespace dgram
