#include "common/cli/plain_send.hpp"

#include <algorithm>
#include <string_view>

namespace dgram {
namespace {

// A word CLI11 takes as a positional value and nothing else.
bool plain_word(std::string_view word) {
  return !word.empty() && word.front() != '-' && word != "listen" && word != "send" &&
         word != "completion" && word != "help";
}

}  // namespace

std::optional<SendArguments> plain_send(const std::vector<std::string>& args) {
  if (args.size() < 4 || args.size() > 5 || args[1] != "send") return std::nullopt;
  if (!std::all_of(args.begin() + 2, args.end(),
                   [](const std::string& a) { return plain_word(a); })) {
    return std::nullopt;
  }
  SendArguments arguments;
  arguments.host = args[2];
  arguments.port = args[3];
  if (args.size() == 5) arguments.message = args[4];
  return arguments;
}

}  // namespace dgram
