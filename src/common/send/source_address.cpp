#include "common/send/source_address.hpp"

#include <fmt/format.h>

#include "common/address_syntax.hpp"
#include "common/parse.hpp"

namespace dgram {

Result<SourceAddress> parse_local_address(std::string_view text) {
  auto bad = [&] {
    return usage_error(
        fmt::format("invalid --bind '{}': use a local IPv4 or IPv6 address with an optional port "
                    "(192.0.2.5:4000, [2001:db8::5]:4000, :4000)",
                    text));
  };
  if (text.empty()) {
    return usage_error(
        "--bind is empty; give a local address and/or port (192.0.2.5:4000, [2001:db8::5]:4000, "
        ":4000), or leave --bind out");
  }
  // The same syntax as every ADDR[:PORT] dgram reads (listen --bind too).
  const AddressAndPort split = split_address_port(text);
  if (split.unbalanced) return bad();
  SourceAddress source;
  if (!split.address.empty()) {
    if (auto scoped = check_scope(split.address, "--bind"); !scoped) return scoped.take_error();
    source.address = net::parse_address(std::string(split.address));
    if (!source.address) return bad();
  }
  if (split.port) {
    auto number = parse_port(*split.port, /*allow_zero=*/false);
    if (!number) return Error{ErrorKind::usage, "--bind: " + number.error().message};
    source.port = *number;
  }
  if (!source.address && source.port == 0) return bad();
  return source;
}

}  // namespace dgram
