// The fish completion script, written from completion's model of dgram's
// command line.
#include <fmt/format.h>

#include "common/cli/completion_words.hpp"

namespace dgram::completion {

// 'text' for fish, where a backslash escapes inside single quotes too.
std::string fish_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string fish_option(std::string_view condition, const OptionWords& option) {
  std::string s = fmt::format("complete -c dgram -n {}", fish_quoted(condition));
  for (const std::string& name : option.names) {
    s += name.starts_with("--") ? " -l " + name.substr(2) : " -s " + name.substr(1);
  }
  if (!option.value.empty()) {
    if (option.path) {
      s += " -r -F";
    } else {
      s += " -x";
      if (!option.choices.empty()) s += " -a " + fish_quoted(joined(option.choices));
    }
  }
  return s + " -d " + fish_quoted(option.description) + "\n";
}

std::string fish_script(const Words& words) {
  std::string s = fmt::format(
      "# fish completion for dgram, {}.\n"
      "# Load it with: dgram completion fish | source\n\n"
      "complete -c dgram -f\n",
      fmt::format(fmt::runtime(generated_note), "fish"));
  for (const OptionWords& option : words.global) s += fish_option("__fish_use_subcommand", option);
  for (const CommandWords& command : words.commands) {
    s += fmt::format("complete -c dgram -n __fish_use_subcommand -a {} -d {}\n", command.name,
                     fish_quoted(command.description));
  }
  for (const CommandWords& command : words.commands) {
    const std::string condition = "__fish_seen_subcommand_from " + command.name;
    for (const OptionWords& option : command.options) s += fish_option(condition, option);
    // Only the first argument has choices (completion SHELL, help COMMAND).
    if (!command.arguments.empty() && !command.arguments.front().choices.empty()) {
      s += fmt::format("complete -c dgram -n {} -x -a {}\n",
                       fish_quoted(condition + "; and test (count (commandline -opc)) -eq 2"),
                       fish_quoted(joined(command.arguments.front().choices)));
    }
  }
  return s;
}

}  // namespace dgram::completion
