#include "win32/command_line.hpp"

namespace dgram::win32 {
namespace {

bool is_blank(wchar_t c) { return c == L' ' || c == L'\t'; }

}  // namespace

std::vector<std::wstring> split_command_line(std::wstring_view line) {
  std::vector<std::wstring> args;
  std::size_t at = 0;
  const auto more = [&] { return at < line.size() && line[at] != L'\0'; };

  // The program name: no escapes at all, a quote only toggles quoting.
  std::wstring program;
  for (bool quoted = false; more() && (quoted || !is_blank(line[at])); ++at) {
    if (line[at] == L'"') {
      quoted = !quoted;
    } else {
      program += line[at];
    }
  }
  args.push_back(std::move(program));

  while (true) {
    while (more() && is_blank(line[at])) ++at;
    if (!more()) break;
    std::wstring arg;
    bool quoted = false;
    while (true) {
      std::size_t backslashes = 0;
      while (more() && line[at] == L'\\') {
        ++backslashes;
        ++at;
      }
      bool literal = true;
      if (more() && line[at] == L'"') {
        if (backslashes % 2 == 0) {
          if (quoted && at + 1 < line.size() && line[at + 1] == L'"') {
            ++at;  // "" inside quotes: one literal quote, still quoted
          } else {
            literal = false;
            quoted = !quoted;
          }
        }
        backslashes /= 2;
      }
      arg.append(backslashes, L'\\');
      if (!more() || (!quoted && is_blank(line[at]))) break;
      if (literal) arg += line[at];
      ++at;
    }
    args.push_back(std::move(arg));
  }
  return args;
}

}  // namespace dgram::win32
