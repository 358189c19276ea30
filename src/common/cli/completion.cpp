#include "common/cli/completion.hpp"

#include <cstdio>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "common/cli/cli_errors.hpp"
#include "common/cli/option_suggestion.hpp"
#include "common/error.hpp"
#include "common/records/output_format.hpp"
#include "common/records/summary_json.hpp"

namespace dgram {
namespace {

// What completion needs to know of one option or argument, read from CLI11.
struct OptionWords {
  std::vector<std::string> names;  // "-f", "--format"
  std::string description;         // the help's first clause
  std::string value;               // "FORMAT"; empty: a flag
  std::vector<std::string> choices;
  bool path = false;        // a file name
  bool repeatable = false;  // --join, --allow
};

struct ArgumentWords {
  std::string name;  // "HOST"
  std::vector<std::string> choices;
  bool host = false;
  bool optional = false;
};

struct CommandWords {
  std::string name;
  std::string description;
  std::vector<OptionWords> options;
  std::vector<ArgumentWords> arguments;
};

struct Words {
  std::vector<OptionWords> global;  // before the command: --help, --version
  std::vector<CommandWords> commands;
};

template <std::size_t N>
std::vector<std::string> strings(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

// The values a value name stands for, where there are few enough to list.
std::vector<std::string> choices_for(std::string_view value) {
  if (value == "FORMAT") return strings(output_format_names);
  if (value == "SHELL") return strings(completion_shells);
  if (value == "SUMMARY") return strings(summary_format_names);
  return {};
}

// A menu shows one short line: "local address, without a port: the port is
// PORT (default ...)" becomes "local address, without a port"; a leading
// "with --reply: " stays, it says when the option counts.
std::string first_clause(std::string_view text) {
  std::string condition;
  if (const std::size_t colon = text.find(": "); text.starts_with("with ") && colon != text.npos) {
    condition = std::string(text.substr(0, colon + 2));
    text.remove_prefix(colon + 2);
  }
  for (std::string_view stop : {"; ", " (", ": "}) {
    if (const std::size_t at = text.find(stop); at != std::string_view::npos) {
      text = text.substr(0, at);
    }
  }
  return condition + std::string(text);
}

OptionWords option_words(const CLI::Option& option) {
  OptionWords words;
  for (const std::string& name : option.get_snames()) words.names.push_back("-" + name);
  for (const std::string& name : option.get_lnames()) words.names.push_back("--" + name);
  words.description = first_clause(option.get_description());
  if (option.get_expected_max() != 0) {
    words.value = option.get_type_name();
    words.choices = choices_for(words.value);
    words.path = words.value == "PATH";
    words.repeatable = option.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  }
  return words;
}

std::vector<OptionWords> options_of(const CLI::App& app) {
  std::vector<OptionWords> options;
  for (const CLI::Option* option :
       app.get_options([](const CLI::Option* o) { return !o->get_positional(); })) {
    options.push_back(option_words(*option));
  }
  return options;
}

Words words_of(const CLI::App& app) {
  Words words;
  words.global = options_of(app);
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    CommandWords c{
        command->get_name(), first_clause(command->get_description()), options_of(*command), {}};
    for (const CLI::Option* option :
         command->get_options([](const CLI::Option* o) { return o->get_positional(); })) {
      const std::string name = option->get_name(/*positional=*/true);
      c.arguments.push_back({name, choices_for(name), name == "HOST", !option->get_required()});
    }
    names.push_back(c.name);
    words.commands.push_back(std::move(c));
  }
  // `dgram help [COMMAND]` is dgram's, not a CLI11 subcommand.
  words.commands.push_back(
      {"help", "Print the help of dgram or of one command", {}, {{"COMMAND", names, false, true}}});
  return words;
}

std::string joined(const std::vector<std::string>& words, std::string_view separator = " ") {
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty()) text += separator;
    text += word;
  }
  return text;
}

std::vector<std::string> all_names(const std::vector<OptionWords>& options) {
  std::vector<std::string> names;
  for (const OptionWords& option : options)
    names.insert(names.end(), option.names.begin(), option.names.end());
  return names;
}

std::vector<std::string> command_names(const Words& words) {
  std::vector<std::string> names;
  for (const CommandWords& command : words.commands) names.push_back(command.name);
  return names;
}

// 'text' for POSIX shells: a quote inside becomes '\''.
std::string single_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

constexpr std::string_view generated_note =
    "generated by 'dgram completion {}' from dgram's own option tables";

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
      prefix = "(" + joined(option.names) + ")";
    }
    const std::string names =
        option.names.size() > 1 ? "{" + joined(option.names, ",") + "}" : option.names.front();
    std::string spec = "[" + zsh_escaped(option.description) + "]";
    if (!option.value.empty()) {
      std::string action = " ";
      if (!option.choices.empty()) action = "(" + joined(option.choices) + ")";
      if (option.path) action = "_files";
      spec += ":" + zsh_message(option.value) + ":" + action;
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
      std::string action = " ";
      if (!argument.choices.empty()) action = "(" + joined(argument.choices) + ")";
      if (argument.host) action = "_hosts";
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

// 'text' for PowerShell: a quote inside is doubled.
std::string powershell_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string powershell_list(const std::vector<std::string>& words) {
  std::vector<std::string> quoted;
  for (const std::string& word : words) quoted.push_back(powershell_quoted(word));
  return "@(" + joined(quoted, ", ") + ")";
}

std::string powershell_script(const Words& words) {
  std::string s = fmt::format(
      "# PowerShell completion for dgram, {}.\n"
      "# Load it with: dgram completion powershell | Out-String | Invoke-Expression\n"
      "# (add that line to $PROFILE to have it in every session).\n\n"
      "Register-ArgumentCompleter -Native -CommandName 'dgram', 'dgram.exe' -ScriptBlock {{\n"
      "  param($wordToComplete, $commandAst, $cursorPosition)\n"
      "  $globalOptions = {}\n"
      "  $commands = [ordered]@{{\n",
      fmt::format(fmt::runtime(generated_note), "powershell"),
      powershell_list(all_names(words.global)));
  for (const CommandWords& command : words.commands) {
    std::string values;
    for (const OptionWords& option : command.options) {
      if (option.choices.empty()) continue;
      for (const std::string& name : option.names) {
        values +=
            fmt::format("{} = {}; ", powershell_quoted(name), powershell_list(option.choices));
      }
    }
    std::vector<std::string> takes_value;
    for (const OptionWords& option : command.options) {
      if (!option.value.empty())
        takes_value.insert(takes_value.end(), option.names.begin(), option.names.end());
    }
    const std::vector<std::string> first_choices =
        command.arguments.empty() ? std::vector<std::string>{} : command.arguments.front().choices;
    s += fmt::format(
        "    {} = @{{ options = {}; takesValue = {}; values = @{{ {}}}; first = {} }}\n",
        powershell_quoted(command.name), powershell_list(all_names(command.options)),
        powershell_list(takes_value), values, powershell_list(first_choices));
  }
  s += "  }\n"
       "  # The words before the one being completed, without dgram itself.\n"
       "  $before = @($commandAst.CommandElements | Select-Object -Skip 1 |\n"
       "    Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | ForEach-Object { "
       "$_.ToString() })\n"
       "  $command = $before | Where-Object { $_ -notlike '-*' } | Select-Object -First 1\n"
       "  $candidates = @()\n"
       "  if (-not $command) {\n"
       "    $candidates = if ($wordToComplete -like '-*') { $globalOptions } else { "
       "@($commands.Keys) }\n"
       "  } elseif ($commands.Contains($command)) {\n"
       "    $spec = $commands[$command]\n"
       "    $prev = if ($before.Count -gt 1) { $before[-1] } else { '' }\n"
       "    # The arguments so far: words after the command that are neither options nor their "
       "values.\n"
       "    $arguments = 0\n"
       "    for ($i = 1; $i -lt $before.Count; $i++) {\n"
       "      if ($before[$i] -like '-*') { if ($spec.takesValue -ccontains $before[$i]) { $i++ } "
       "}\n"
       "      else { $arguments++ }\n"
       "    }\n"
       "    if ($spec.values.Contains($prev)) { $candidates = $spec.values[$prev] }\n"
       "    elseif ($spec.takesValue -ccontains $prev) { $candidates = @() }\n"
       "    elseif ($wordToComplete -like '-*') { $candidates = $spec.options }\n"
       "    elseif ($arguments -eq 0) { $candidates = $spec.first }\n"
       "  }\n"
       "  $candidates | Where-Object { $_.StartsWith($wordToComplete, [StringComparison]::Ordinal) "
       "} |\n"
       "    ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, "
       "'ParameterValue', $_) }\n"
       "}\n";
  return s;
}

}  // namespace

void add_completion_options(CLI::App* completion, std::string& shell) {
  completion->add_option("SHELL", shell, "bash, zsh, fish or powershell")
      ->type_name("")
      ->required();
}

int print_completion(std::string_view shell, const CLI::App& app) {
  const std::string script = completion_script(shell, app);
  if (script.empty()) {
    return usage_failure(fmt::format("dgram completion knows bash, zsh, fish and powershell, not "
                                     "'{}'{}",
                                     shell, did_you_mean(shell, strings(completion_shells))),
                         "dgram completion");
  }
  std::fputs(script.c_str(), stdout);
  return exit_success;
}

std::string completion_script(std::string_view shell, const CLI::App& app) {
  const Words words = words_of(app);
  if (shell == "bash") return bash_script(words);
  if (shell == "zsh") return zsh_script(words);
  if (shell == "fish") return fish_script(words);
  if (shell == "powershell") return powershell_script(words);
  return {};
}

}  // namespace dgram
