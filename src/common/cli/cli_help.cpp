#include "common/cli/cli_help.hpp"

#include <sstream>
#include <string_view>

#include "common/records/diagnostics.hpp"

namespace dgram {
namespace {

constexpr std::size_t terminal_width = 79;
constexpr std::size_t name_column = 28;

// `text` broken at spaces into lines of at most `width` characters (a longer
// word stands alone); CLI11 indents each line after a '\n'.
std::string wrapped(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t line_length = 0;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (word.empty()) continue;
    if (line_length > 0 && line_length + 1 + word.size() > width) {
      out += '\n';
      line_length = 0;
    } else if (line_length > 0) {
      out += ' ';
      ++line_length;
    }
    out += word;
    line_length += word.size();
  }
  return out;
}

}  // namespace

const char* const exit_code_help = R"(Exit codes (the same on every OS):
  0    success
  1    network or system failure: cannot resolve, cannot bind, send failed,
       nothing listening (ICMP port unreachable)
  2    usage or input error: bad option or value, payload over the limit
       without --chunk, invalid hex, unreadable file; nothing was sent
  3    timeout (listen --timeout, send --reply)
  130  interrupted: Ctrl+C; SIGINT, SIGTERM, SIGHUP (POSIX); Ctrl+Break,
       console close (Windows); the summary is still printed; on POSIX
       dgram then ends by that signal (a shell shows 128+N: 130, 143, 129))";

HelpFormatter::HelpFormatter() {
  column_width(name_column);
  label("SUBCOMMAND", "COMMAND");
  label("Positionals", "Arguments");
}

std::string HelpFormatter::make_option_name(const CLI::Option* option, bool is_positional) const {
  // "-m, --max-size", as the man page and the README write it.
  std::string name;
  for (const char c : CLI::Formatter::make_option_name(option, is_positional)) {
    name += c;
    if (c == ',') name += ' ';
  }
  return name;
}

std::string HelpFormatter::make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const {
  std::string text = CLI::Formatter::make_subcommands(app, mode);
  // `dgram help` is dgram's own word, parsed before CLI11 sees the line.
  if (app->get_parent() == nullptr && !text.empty()) {
    std::stringstream help_line;
    CLI::detail::format_help(help_line, "help [COMMAND]",
                             "Print the help of dgram or of one command", column_width_);
    text += help_line.str();
  }
  return text;
}

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
  if (option->get_type_size() == 0 || option->get_type_name().empty()) return {};
  return " " + option->get_type_name();
}

std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
  return wrapped(option->get_description(), terminal_width - name_column);
}

void print_short_usage(std::FILE* to) {
  print_diagnostic(to,
                   "Usage: dgram listen [options] PORT\n"
                   "       dgram send [options] HOST PORT [MESSAGE]\n"
                   "       dgram help [listen|send|completion]\n"
                   "       dgram completion bash|zsh|fish|powershell\n"
                   "       dgram --version\n");
}

}  // namespace dgram
