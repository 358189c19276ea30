// The fish completion script, written from completion's model of dgram's
// command line.
#include <fmt/format.h>

#include "common/cli/completion_words.hpp"

namespace dgram::completion {
namespace {

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

// The command is the first word that is not an option (fish's own
// __fish_seen_subcommand_from would take "listen" anywhere on the line, a
// MESSAGE too). Arguments are counted as bash's script counts them: an
// option's value is not one, nor is anything before the command.
std::string fish_helpers(const Words& words) {
  std::string s =
      "function __dgram_command --description 'the dgram command on the line, if any'\n"
      "    for word in (commandline -opc)[2..-1]\n"
      "        string match -q -- '-*' $word; or begin; echo $word; return 0; end\n"
      "    end\n"
      "    return 1\n"
      "end\n\n"
      "function __dgram_command_is --argument-names name\n"
      "    set -l command (__dgram_command); and test \"$command\" = \"$name\"\n"
      "end\n\n"
      "function __dgram_arguments --description 'how many arguments of the command precede "
      "the cursor'\n"
      "    set -l command\n"
      "    set -l arguments 0\n"
      "    set -l options_end 0\n"
      "    set -l skip 0\n"
      "    for word in (commandline -opc)[2..-1]\n"
      "        if test $skip -eq 1\n"
      "            set skip 0\n"
      "        else if test -z \"$command\"\n"
      "            string match -q -- '-*' $word; or set command $word\n"
      "        else if test $options_end -eq 0; and test \"$word\" = --\n"
      "            set options_end 1\n"
      "        else if test $options_end -eq 0; and string match -q -- '-*' $word\n"
      "            switch \"$command $word\"\n";
  std::vector<std::string> takes_value;
  for (const CommandWords& command : words.commands) {
    for (const OptionWords& option : command.options) {
      if (option.value.empty()) continue;
      for (const std::string& name : option.names) {
        takes_value.push_back(fish_quoted(command.name + " " + name));
      }
    }
  }
  if (!takes_value.empty()) {
    s += "                case " + joined(takes_value) + "\n                    set skip 1\n";
  }
  s += "            end\n"
       "        else\n"
       "            set arguments (math $arguments + 1)\n"
       "        end\n"
       "    end\n"
       "    echo $arguments\n"
       "end\n\n";
  return s;
}

}  // namespace

std::string fish_script(const Words& words) {
  std::string s = fmt::format(
      "# fish completion for dgram, {}.\n"
      "# Load it with: dgram completion fish | source\n\n"
      "complete -c dgram -f\n\n",
      fmt::format(fmt::runtime(generated_note), "fish"));
  s += fish_helpers(words);
  const std::string no_command = "not __dgram_command";
  for (const OptionWords& option : words.global) s += fish_option(no_command, option);
  for (const CommandWords& command : words.commands) {
    s += fmt::format("complete -c dgram -n {} -a {} -d {}\n", fish_quoted(no_command), command.name,
                     fish_quoted(command.description));
  }
  for (const CommandWords& command : words.commands) {
    const std::string condition = "__dgram_command_is " + command.name;
    for (const OptionWords& option : command.options) s += fish_option(condition, option);
    for (std::size_t i = 0; i < command.arguments.size(); ++i) {
      const ArgumentWords& argument = command.arguments[i];
      std::string values;
      if (!argument.choices.empty()) {
        values = fish_quoted(joined(argument.choices));
      } else if (argument.host) {
        values = "'(__fish_print_hostnames)'";
      } else {
        continue;
      }
      s += fmt::format(
          "complete -c dgram -n {} -x -a {}\n",
          fish_quoted(fmt::format("{}; and test (__dgram_arguments) -eq {}", condition, i)),
          values);
    }
  }
  return s;
}

}  // namespace dgram::completion
