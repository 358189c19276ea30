#include "common/send/terminal_hint.hpp"

#include <cstdio>

#include "common/line_splitter.hpp"
#include "common/records/diagnostics.hpp"
#include "common/system.hpp"

namespace dgram {

void hint_at_terminal_input(const SendOptions& options) {
  const bool reads_input = options.talk || options.payload.from_standard_input();
  if (!reads_input || !sys::is_terminal(stdin)) return;
  if (options.talk) {
    print_diagnostic(stderr,
                     "dgram: each line you type is sent as you end it, and answers print as "
                     "they come; {} ends\n",
                     sys::end_of_input_keys());
  } else if (options.lines) {
    print_diagnostic(stderr, "dgram: each line you type is sent as you end it; {} ends\n",
                     sys::end_of_input_keys());
  } else {
    print_diagnostic(stderr,
                     "dgram: type the message, then {} to send it (or give it as MESSAGE)\n",
                     sys::end_of_input_keys());
  }
}

TypedLineCheck typed_line_check(const SendOptions& options) {
  return TypedLineCheck(stdin, options.talk ? "pipe the text in (< FILE)"
                                            : "pipe the text in or give it with --file");
}

void warn_of_cut_lines(std::string_view input, const SendOptions& options) {
  const TypedLineCheck typed = typed_line_check(options);
  std::size_t number = 0;
  for_each_line(input, [&](std::string_view line) {
    if (auto cut = typed.warning(line, ++number)) print_diagnostic(stderr, "{}", *cut);
    return true;
  });
}

}  // namespace dgram
