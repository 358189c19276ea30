#include "common/cli/completion.hpp"

#include <cstdio>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include "common/cli/cli11.hpp"

#include "common/cli/cli_errors.hpp"
#include "common/cli/completion_words.hpp"
#include "common/cli/option_suggestion.hpp"
#include "common/error.hpp"

namespace dgram {

using completion::strings;

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
  const completion::Words words = completion::words_of(app);
  if (shell == "bash") return completion::bash_script(words);
  if (shell == "zsh") return completion::zsh_script(words);
  if (shell == "fish") return completion::fish_script(words);
  if (shell == "powershell") return completion::powershell_script(words);
  return {};
}

}  // namespace dgram
