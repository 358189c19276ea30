// The zsh completion script, written from completion's model of dgram's
// command line.
#include <fmt/format.h>

#include "common/cli/completion_words.hpp"

namespace dgram::completion {

// zsh _arguments specs: a description in [...] cannot hold a bare bracket,
// and no part of a spec a bare colon.
std::string zsh_escaped(std::string_view text, std::string_view special = "[]:\\") {
  std::string out;
  for (char c : text) {
    if (special.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A message (after ':'), where brackets are plain text.
std::string zsh_message(std::string_view text) { return zsh_escaped(text, ":\\"); }

std::string zsh_option_specs(const std::vector<OptionWords>& options, std::string_view indent) {
  std::string s;
  for (const OptionWords& option : options) {
    std::string prefix;
    if (option.repeatable) {
      prefix = "*";
    } else if (option.names.size() > 1) {
      prefix = fmt::format("({})", joined(option.names));
    }
    const std::string names = option.names.size() > 1
                                  ? fmt::format("{{{}}}", joined(option.names, ","))
                                  : option.names.front();
    std::string spec = fmt::format("[{}]", zsh_escaped(option.description));
    if (!option.value.empty()) {
      const std::string action = option.path ? std::string("_files")
                                 : option.choices.empty()
                                     ? std::string(" ")
                                     : fmt::format("({})", joined(option.choices));
      spec += fmt::format(":{}:{}", zsh_message(option.value), action);
    }
    s += fmt::format("{}{}{}{} \\\n", indent, prefix.empty() ? "" : single_quoted(prefix), names,
                     single_quoted(spec));
  }
  return s;
}

std::string zsh_script(const Words& words) {
  std::string s = fmt::format(
      "#compdef dgram\n"
      "# zsh completion for dgram, {}.\n"
      "# Install it as _dgram in a directory of $fpath, or load it after compinit\n"
      "# with: source <(dgram completion zsh)\n\n"
      "_dgram() {{\n"
      "  local curcontext=$curcontext state state_descr line ret=1\n"
      "  typeset -A opt_args\n"
      "  _arguments -C \\\n",
      fmt::format(fmt::runtime(generated_note), "zsh"));
  s += zsh_option_specs(words.global, "    ");
  s += "    '1:command:->command' \\\n"
       "    '*::argument:->argument' && ret=0\n"
       "  case $state in\n"
       "    command)\n"
       "      local -a commands=(\n";
  for (const CommandWords& command : words.commands) {
    std::string name = command.name;
    s += fmt::format("        {}\n", single_quoted(name + ":" + zsh_message(command.description)));
  }
  s += "      )\n"
       "      _describe -t commands 'dgram command' commands && ret=0\n"
       "      ;;\n"
       "    argument)\n"
       "      curcontext=${curcontext%:*:*}:dgram-$words[1]:\n"
       "      case $words[1] in\n";
  for (const CommandWords& command : words.commands) {
    s += fmt::format("        {})\n          _arguments -s -S \\\n", command.name);
    s += zsh_option_specs(command.options, "            ");
    for (std::size_t i = 0; i < command.arguments.size(); ++i) {
      const ArgumentWords& argument = command.arguments[i];
      const std::string action = argument.host ? std::string("_hosts")
                                 : argument.choices.empty()
                                     ? std::string(" ")
                                     : fmt::format("({})", joined(argument.choices));
      s += fmt::format("            {} \\\n",
                       single_quoted(fmt::format("{}:{}{}:{}", i + 1, argument.optional ? ":" : "",
                                                 zsh_message(argument.name), action)));
    }
    s += "            && ret=0\n          ;;\n";
  }
  s += "      esac\n"
       "      ;;\n"
       "  esac\n"
       "  return ret\n"
       "}\n\n"
       "# Autoloaded from $fpath: complete now; sourced: register.\n"
       "if [[ $funcstack[1] == _dgram ]]; then\n"
       "  _dgram \"$@\"\n"
       "else\n"
       "  compdef _dgram dgram\n"
       "fi\n";
  return s;
}

}  // namespace dgram::completion
