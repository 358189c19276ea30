// The PowerShell completion script, written from completion's model of dgram's
// command line.
#include <fmt/format.h>

#include "common/cli/completion_words.hpp"

namespace dgram::completion {

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

}  // namespace dgram::completion
