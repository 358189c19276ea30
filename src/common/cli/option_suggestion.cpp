#include "common/cli/option_suggestion.hpp"

#include <algorithm>
#include <cstddef>

namespace dgram {
namespace {

std::string_view bare(std::string_view name) {
  name = name.substr(0, name.find('='));
  while (name.starts_with('-')) name.remove_prefix(1);
  return name;
}

// Optimal string alignment distance: Levenshtein plus swaps of neighbours,
// the commonest typing slip ("--tiemout").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t columns = b.size() + 1;
  std::vector<std::size_t> d((a.size() + 1) * columns);
  const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * columns + j]; };
  for (std::size_t i = 0; i <= a.size(); ++i) at(i, 0) = i;
  for (std::size_t j = 0; j <= b.size(); ++j) at(0, j) = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(a.size(), b.size());
}

// How many slips still read as the same word: one in a short one, two or
// three in longer ones.
std::size_t allowed_slips(std::size_t length) {
  if (length <= 2) return 0;  // "-q" is one slip from every short option
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  return 3;
}

constexpr std::size_t most_suggestions = 3;

}  // namespace

std::vector<std::string> nearest_names(std::string_view typed,
                                       const std::vector<std::string>& candidates) {
  const std::string_view word = bare(typed);
  std::vector<std::string> found;
  if (word.size() >= 2) {
    for (const std::string& candidate : candidates) {
      const std::string_view name = bare(candidate);
      if (name.size() > word.size() && name.starts_with(word)) found.push_back(candidate);
    }
  }
  if (found.empty()) {
    std::size_t best = allowed_slips(word.size()) + 1;
    for (const std::string& candidate : candidates) {
      const std::string_view name = bare(candidate);
      if (name.size() < 2) continue;  // single letters: everything is near
      const std::size_t distance = edit_distance(word, name);
      if (distance > allowed_slips(std::min(word.size(), name.size())) || distance > best) continue;
      if (distance < best) found.clear();
      best = distance;
      found.push_back(candidate);
    }
  }
  if (found.size() > most_suggestions) found.resize(most_suggestions);
  return found;
}

std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates) {
  const auto names = nearest_names(typed, candidates);
  if (names.empty()) return {};
  std::string text = "; did you mean " + names.front();
  for (std::size_t i = 1; i < names.size(); ++i) {
    text += i + 1 == names.size() ? " or " : ", ";
    text += names[i];
  }
  return text + "?";
}

}  // namespace dgram
