// Lines typed at a terminal whose driver cut them (sys::typed_line_limit):
// the cut happens before dgram reads anything, so all it can do is say so.
// send and listen --talk share it.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace dgram {

class TypedLineCheck {
 public:
  // `input` is what the lines are read from (stdin); `fix` says how to send
  // longer lines ("pipe the text in or use --file").
  TypedLineCheck(std::FILE* input, std::string_view fix);

  // The warning to print (one line, ending in \n) when line `number`
  // reached the terminal's limit, so that what was typed beyond it never
  // reached dgram; nothing otherwise.
  std::optional<std::string> warning(std::string_view line, std::size_t number) const;

 private:
  std::optional<std::size_t> limit_;
  std::string_view fix_;
};

}  // namespace dgram
