#include "common/listen/forward_options.hpp"

#include <fmt/format.h>

#include "common/address_syntax.hpp"
#include "common/parse.hpp"

namespace dgram {

Result<ForwardOptions> parse_forward_target(std::string_view text) {
  if (text.empty()) {
    return usage_error("--forward is empty; give HOST:PORT, e.g. --forward collector:514");
  }
  const AddressAndPort split = split_address_port(text);
  if (split.unbalanced) {
    return usage_error(fmt::format(
        "invalid --forward '{}': write HOST:PORT, an IPv6 address in brackets: [::1]:514", text));
  }
  if (!split.port) {
    if (!text.starts_with('[') && text.find(':') != std::string_view::npos) {
      return usage_error(
          fmt::format("--forward '{}' has no port: an IPv6 address carries one only in brackets, "
                      "[ADDR]:PORT, e.g. [::1]:514",
                      text));
    }
    return usage_error(fmt::format("--forward '{}' has no port: write {}:PORT", text, text));
  }
  if (split.address.empty()) {
    return usage_error(
        fmt::format("--forward '{}' has no host: write HOST:PORT, e.g. 127.0.0.1{}", text, text));
  }
  auto port = parse_port(*split.port, /*allow_zero=*/false);
  if (!port) {
    return usage_error(fmt::format("--forward '{}': {}", text, port.error().message));
  }
  if (auto scoped = check_scope(split.address, "--forward"); !scoped) return scoped.take_error();
  ForwardOptions forward;
  forward.host = std::string(split.address);
  forward.port = *port;
  return forward;
}

}  // namespace dgram
