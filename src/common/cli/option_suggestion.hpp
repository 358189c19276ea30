// "did you mean --count?": the real option or command nearest to a mistyped
// one, by prefix or by a small edit distance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dgram {

// The candidates nearest to `typed`: every one that `typed` begins (at least
// two characters: "--cou" -> "--count"), else those at the smallest edit
// distance (insertions, deletions, substitutions, swaps of neighbours) if it
// is small for the length ("--tiemout" -> "--timeout"). Leading dashes and an
// "=VALUE" are ignored on both sides; the candidates come back as given, in
// their order, at most three.
std::vector<std::string> nearest_names(std::string_view typed,
                                       const std::vector<std::string>& candidates);

// "; did you mean --count?" or "; did you mean --rate or --reply?" or "".
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace dgram
