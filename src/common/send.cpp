#include "common/send.hpp"

#include <fmt/format.h>

#include "common/endpoint_text.hpp"
#include "common/resolve_host.hpp"

namespace dgram {

Status run_send(const SendOptions& options) {
  auto payload = read_payload(options.payload);
  if (!payload) return payload.take_error();
  if (!options.chunk) {
    if (auto fits = check_payload_fits(payload->size(), options.max_size); !fits) return fits;
  }

  auto resolved =
      resolve_host(options.host, options.port, options.family, /*passive=*/false, "HOST");
  if (!resolved) return resolved.take_error();
  const net::Endpoint destination = *resolved;
  if (auto fits = check_max_size(options.max_size, destination.family); !fits) return fits;

  auto socket = net::UdpSocket::open(destination.family);
  if (!socket) return socket.take_error();
  // Connected, so that an ICMP port unreachable for one chunk stops the rest.
  if (auto connected = socket->connect(destination); !connected) return connected;
  for (const auto chunk : split_into_chunks(*payload, options.max_size)) {
    if (auto sent = socket->send(chunk); !sent) {
      Error error = sent.take_error();
      if (error.kind == ErrorKind::connection_refused) {
        error.message = fmt::format("nothing is listening on {} (ICMP port unreachable)",
                                    endpoint_text(destination));
      } else {
        error.message =
            fmt::format("cannot send to {}: {}", endpoint_text(destination), error.message);
      }
      return error;
    }
  }
  return {};
}

}  // namespace dgram
