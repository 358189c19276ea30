// Shell completion scripts, generated from the live CLI11 option tables so
// that they cannot drift from what dgram accepts: `dgram completion SHELL`.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace dgram {

inline constexpr std::array<std::string_view, 4> completion_shells = {"bash", "zsh", "fish",
                                                                      "powershell"};

// `dgram completion SHELL`: its one argument.
void add_completion_options(CLI::App* completion, std::string& shell);

// Prints the script for `shell` on stdout and returns 0, or says which shells
// there are and returns 2. `app` as for completion_script.
int print_completion(std::string_view shell, const CLI::App& app);

// The script that completes `app` (dgram itself, every command's options
// added) in `shell`, one of completion_shells; empty for any other shell.
std::string completion_script(std::string_view shell, const CLI::App& app);

}  // namespace dgram
