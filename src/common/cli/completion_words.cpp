#include "common/cli/completion_words.hpp"

#include "common/cli/cli11.hpp"

#include "common/cli/completion.hpp"
#include "common/records/output_format.hpp"
#include "common/records/summary_json.hpp"

namespace dgram::completion {
namespace {

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
    words.path = words.value == "PATH" || words.value == "FILE";
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

}  // namespace

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

std::string joined(const std::vector<std::string>& words, std::string_view separator) {
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

std::string single_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace dgram::completion
