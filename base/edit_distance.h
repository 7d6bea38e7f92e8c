// Edit distance between names, for "did you mean" suggestions.
#ifndef ISNAD_BASE_EDIT_DISTANCE_H_
#define ISNAD_BASE_EDIT_DISTANCE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace isnad {

// The code points of UTF-8 `text` (invalid bytes become U+FFFD).
std::u32string ToCodePoints(std::string_view text);

// Levenshtein distance (insertions, deletions, substitutions of one code
// point each). Returns `max + 1` as soon as the distance is known to exceed
// `max`, so that scanning many names for near ones stays cheap.
size_t EditDistance(std::u32string_view a, std::u32string_view b, size_t max);

}  // namespace isnad

#endif  // ISNAD_BASE_EDIT_DISTANCE_H_
