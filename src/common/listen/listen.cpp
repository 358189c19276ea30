#include "common/listen/listen.hpp"

#include <optional>
#include <vector>

#include "common/listen/echo_back.hpp"
#include "common/listen/listener_socket.hpp"
#include "common/listen/receive_session.hpp"
#include "common/listen/relay.hpp"
#include "common/listen/talk_back.hpp"

namespace dgram {

Status run_listen(const ListenOptions& options, Output& out, std::FILE* log) {
  if (options.forward) return run_relay(options, out, log);
  auto listener = open_listener(options);
  if (!listener) return listener.take_error();
  // No status line while a person types lines for --talk (unless --progress).
  ReceiveSession session(
      options, *listener, out, log,
      SessionWords{"no datagram arrived", "", /*status_worth_it=*/!options.talk});
  std::vector<ReceiveHandler*> handlers;
  EchoBack echo;
  if (options.echo) handlers.push_back(&echo);
  std::optional<TalkBack> talk;
  if (options.talk) handlers.push_back(&talk.emplace(log));
  return session.run(handlers);
}

}  // namespace dgram
