#include "common/send.hpp"

#include <fmt/format.h>

#include "common/endpoint_text.hpp"
#include "common/parse.hpp"

namespace dgram {

Status run_send(const SendOptions& options, std::FILE* input) {
  auto payload = read_payload(options.payload, input);
  if (!payload) return payload.take_error();
  if (!options.chunk) {
    if (auto fits = check_payload_fits(payload->size(), options.max_size); !fits) return fits;
  }

  const std::string host = strip_brackets(options.host);
  auto destinations = net::resolve(host, options.port, options.family, /*passive=*/false);
  if (!destinations) return destinations.take_error();
  const net::Endpoint destination = destinations->front();
  if (auto fits = check_max_size(options.max_size, destination.family); !fits) return fits;

  auto socket = net::UdpSocket::open(destination.family);
  if (!socket) return socket.take_error();
  for (const auto chunk : split_into_chunks(*payload, options.max_size)) {
    if (auto sent = socket->send_to(chunk, destination); !sent) {
      Error error = sent.take_error();
      error.message =
          fmt::format("cannot send to {}: {}", endpoint_text(destination), error.message);
      return error;
    }
  }
  return {};
}

}  // namespace dgram
