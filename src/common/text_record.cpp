#include "common/text_record.hpp"

#include <fmt/format.h>

#include "common/endpoint_text.hpp"
#include "common/escape.hpp"

namespace dgram {

void append_text_record(std::string& out, const net::Endpoint& from,
                        std::span<const std::byte> shown, std::size_t true_size) {
  out += endpoint_text(from);
  out += ' ';
  append_escaped(out, shown);
  if (shown.size() < true_size) {
    fmt::format_to(std::back_inserter(out), " [truncated: {} of {} bytes shown]", shown.size(),
                   true_size);
  }
  out += '\n';
}

}  // namespace dgram
