#include "common/source_address.hpp"

#include <fmt/format.h>

#include "common/parse.hpp"

namespace dgram {

Result<SourceAddress> parse_local_address(std::string_view text) {
  auto bad = [&] {
    return usage_error(
        fmt::format("invalid --bind '{}': use a local IPv4 or IPv6 address with an optional port "
                    "(192.0.2.5:4000, [2001:db8::5]:4000, :4000)",
                    text));
  };
  std::string_view address = text;
  std::string_view port;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return bad();
    address = text.substr(1, close - 1);
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return bad();
      port = rest.substr(1);
    }
  } else if (text.find(':') == text.rfind(':') && text.find(':') != std::string_view::npos) {
    // One colon: IPv4 (or nothing) and a port. More: a bare IPv6 address.
    address = text.substr(0, text.find(':'));
    port = text.substr(text.find(':') + 1);
  }
  SourceAddress source;
  if (!address.empty()) {
    source.address = net::parse_address(std::string(address));
    if (!source.address) return bad();
  }
  if (!port.empty() || text.ends_with(':')) {
    auto number = parse_port(port, /*allow_zero=*/false);
    if (!number) return Error{ErrorKind::usage, "--bind: " + number.error().message};
    source.port = *number;
  }
  if (!source.address && source.port == 0) return bad();
  return source;
}

}  // namespace dgram
