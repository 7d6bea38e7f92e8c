// Folding for matching: the one definition of "the same name" shared by the
// extractor (alias matching), the store (name look-ups) and the CLI. It drops
// what writers use inconsistently (case, Arabic diacritics, tatweel, bidi and
// zero-width marks) and merges letter variants (alef forms, alef maqsura, taa
// marbuta, hamza seats, Arabic-Indic digits). It is never shown to a user.
#ifndef ISNAD_BASE_FOLD_H_
#define ISNAD_BASE_FOLD_H_

#include <string>
#include <string_view>

namespace isnad {

// The folded form of one code point, or 0 when the code point is dropped.
char32_t FoldCodePoint(char32_t cp);

// Folds `text` for matching; invalid bytes are dropped.
std::string FoldForMatch(std::string_view text);

}  // namespace isnad

#endif  // ISNAD_BASE_FOLD_H_
