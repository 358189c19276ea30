#include "common/listen/listen.hpp"

#include <memory>
#include <optional>
#include <vector>

#include "common/listen/echo_back.hpp"
#include "common/listen/exec_handler.hpp"
#include "common/listen/listener_socket.hpp"
#include "common/listen/receive_session.hpp"
#include "common/listen/relay.hpp"
#include "common/listen/stats_handler.hpp"
#include "common/listen/talk_back.hpp"
#include "common/listen/watch_handler.hpp"

namespace dgram {

Status run_listen(const ListenOptions& options, Output& out, std::FILE* log) {
  if (options.forward) return run_relay(options, out, log);
  std::unique_ptr<ExecHandler> exec;
  if (options.exec) {
    auto opened = ExecHandler::open(*options.exec, log);
    if (!opened) return opened.take_error();
    exec = std::move(*opened);
  }
  auto listener = open_listener(options);
  if (!listener) return listener.take_error();
  // No status line while a person types lines for --talk (unless --progress).
  SessionWords words{"no datagram arrived", "", /*status_worth_it=*/!options.talk};
  // Each handler is bounded by --exec-timeout: -n waits for their replies.
  if (exec) words.settle_most.reset();
  ReceiveSession session(options, *listener, out, log, std::move(words));
  std::vector<ReceiveHandler*> handlers;
  if (exec) handlers.push_back(exec.get());
  EchoBack echo;
  if (options.echo) handlers.push_back(&echo);
  std::optional<TalkBack> talk;
  if (options.talk) handlers.push_back(&talk.emplace(log));
  std::optional<StatsHandler> stats;
  if (options.stats) {
    handlers.push_back(&stats.emplace(StatsOptions{options.stats_every}, !options.watch,
                                      options.summary == SummaryFormat::json));
  }
  std::optional<WatchHandler> watch;
  if (options.watch) handlers.push_back(&watch.emplace(*options.watch, options.style));
  return session.run(handlers);
}

}  // namespace dgram
