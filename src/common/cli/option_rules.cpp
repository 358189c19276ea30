#include "common/cli/option_rules.hpp"

#include <fmt/format.h>

namespace dgram {
namespace {

std::string number_text(std::uint64_t value) {
  const std::string digits = std::to_string(value);
  if (value <= 99'999) return digits;
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return text;
}

}  // namespace

std::string range_text(const ValueRange& range) {
  return number_text(range.min) + "-" + number_text(range.max);
}

std::vector<std::string_view> excluded_with(std::string_view command, std::string_view option) {
  std::vector<std::string_view> others;
  for (const Exclusion& rule : exclusions) {
    if (rule.command != command) continue;
    if (rule.option == option) others.push_back(rule.other);
    if (rule.other == option) others.push_back(rule.option);
  }
  return others;
}

std::string with_rules(std::string_view command, std::string_view option,
                       std::string_view description) {
  std::string text(description);
  std::vector<std::string> notes;  // said in one parenthesis at the end
  for (const ValueRange& range : value_ranges) {
    if (range.command != command || range.option != option) continue;
    const std::size_t placeholder = text.find("{range}");
    if (placeholder == std::string::npos) {
      notes.push_back(range_text(range));
    } else {
      text = text.substr(0, placeholder) + range_text(range) + text.substr(placeholder + 7);
    }
  }
  const auto others = excluded_with(command, option);
  if (!others.empty()) {
    std::string note = "not with ";
    for (std::size_t i = 0; i < others.size(); ++i) {
      if (i > 0) note += i + 1 == others.size() ? " or " : ", ";
      note += others[i];
    }
    notes.push_back(std::move(note));
  }
  for (std::size_t i = 0; i < notes.size(); ++i) text += (i == 0 ? " (" : "; ") + notes[i];
  return notes.empty() ? text : text + ")";
}

}  // namespace dgram
