// The bash completion script, written from completion's model of dgram's
// command line.
#include <fmt/format.h>

#include "common/cli/completion_words.hpp"

namespace dgram::completion {

std::string bash_script(const Words& words) {
  std::string s = fmt::format(
      "# bash completion for dgram, {}.\n"
      "# Load it with: source <(dgram completion bash)\n\n",
      fmt::format(fmt::runtime(generated_note), "bash"));
  s +=
      "# COMPREPLY: the words of `compgen ARGS...` that begin with $cur.\n"
      "_dgram_reply() {\n"
      "  local word\n"
      "  COMPREPLY=()\n"
      "  while IFS= read -r word; do COMPREPLY+=(\"$word\"); done < <(compgen \"$@\" -- \"$cur\")\n"
      "}\n\n"
      "# Whether option $2 of command $1 takes a value (the next word).\n"
      "_dgram_takes_value() {\n"
      "  case \"$1 $2\" in\n";
  std::vector<std::string> takes_value;
  for (const CommandWords& command : words.commands) {
    for (const OptionWords& option : command.options) {
      if (option.value.empty()) continue;
      for (const std::string& name : option.names) {
        takes_value.push_back(single_quoted(command.name + " " + name));
      }
    }
  }
  if (!takes_value.empty()) s += "    " + joined(takes_value, " | ") + ") return 0 ;;\n";
  s += "  esac\n"
       "  return 1\n"
       "}\n\n"
       "_dgram() {\n"
       "  local cur=${COMP_WORDS[COMP_CWORD]} prev=\"\" command=\"\" arguments=0 options_end=0 i "
       "word\n"
       "  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
       "  # bash splits \"--format=js\" into three words at '=' (COMP_WORDBREAKS).\n"
       "  if [[ $cur == \"=\" ]]; then\n"
       "    cur=\"\"\n"
       "  elif [[ $prev == \"=\" ]] && ((COMP_CWORD > 1)); then\n"
       "    prev=${COMP_WORDS[COMP_CWORD - 2]}\n"
       "  fi\n"
       "  # The command, and how many of its arguments come before the cursor.\n"
       "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
       "    word=${COMP_WORDS[i]}\n"
       "    if [[ -z $command ]]; then\n"
       "      [[ $word == -* ]] || command=$word\n"
       "      continue\n"
       "    fi\n"
       "    if ((!options_end)); then\n"
       "      case $word in\n"
       "        --) options_end=1; continue ;;\n"
       "        -*)\n"
       "          if _dgram_takes_value \"$command\" \"$word\"; then\n"
       "            if [[ ${COMP_WORDS[i + 1]} == \"=\" ]]; then ((i += 2)); else ((i += 1)); fi\n"
       "          fi\n"
       "          continue ;;\n"
       "      esac\n"
       "    fi\n"
       "    ((arguments++))\n"
       "  done\n"
       "  if [[ -z $command ]]; then\n";
  s += fmt::format(
      "    if [[ $cur == -* ]]; then _dgram_reply -W {}; else _dgram_reply -W {}; fi\n"
      "    return\n"
      "  fi\n"
      "  case $command in\n",
      single_quoted(joined(all_names(words.global))), single_quoted(joined(command_names(words))));
  for (const CommandWords& command : words.commands) {
    s += fmt::format("    {})\n", command.name);
    if (!command.options.empty()) {
      std::string values;
      std::vector<std::string> free_values;
      for (const OptionWords& option : command.options) {
        if (option.value.empty()) continue;
        if (!option.choices.empty()) {
          values += fmt::format("          {}) _dgram_reply -W {}; return ;;\n",
                                joined(option.names, " | "), single_quoted(joined(option.choices)));
        } else if (option.path) {
          values += fmt::format(
              "          {}) compopt -o filenames 2>/dev/null; _dgram_reply -f; return ;;\n",
              joined(option.names, " | "));
        } else {
          free_values.insert(free_values.end(), option.names.begin(), option.names.end());
        }
      }
      if (!free_values.empty()) {
        values += fmt::format("          {}) return ;; # a value only the user knows\n",
                              joined(free_values, " | "));
      }
      s += "      if ((!options_end)); then\n";
      if (!values.empty()) s += "        case $prev in\n" + values + "        esac\n";
      s += fmt::format(
          "        if [[ $cur == -* ]]; then _dgram_reply -W {}; return; fi\n"
          "      fi\n",
          single_quoted(joined(all_names(command.options))));
    }
    std::string arguments;
    for (std::size_t i = 0; i < command.arguments.size(); ++i) {
      const ArgumentWords& argument = command.arguments[i];
      if (!argument.choices.empty()) {
        arguments += fmt::format("        {}) _dgram_reply -W {} ;;\n", i,
                                 single_quoted(joined(argument.choices)));
      } else if (argument.host) {
        arguments += fmt::format("        {}) _dgram_reply -A hostname ;;\n", i);
      }
    }
    if (!arguments.empty()) s += "      case $arguments in\n" + arguments + "      esac\n";
    s += "      ;;\n";
  }
  s += "  esac\n"
       "}\n\n"
       "complete -F _dgram dgram\n";
  return s;
}

}  // namespace dgram::completion
