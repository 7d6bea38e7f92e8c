// Text normalisation for display and folding for matching.
//
// Display text keeps what the writer wrote, in NFKC so that Arabic
// presentation forms and compatibility characters become ordinary letters.
// The folded form is only ever used for comparison: it drops what writers
// use inconsistently (case, diacritics, tatweel, bidi and zero-width marks)
// and merges letter variants (alef forms, alef maqsura, taa marbuta, hamza
// seats, Arabic-Indic digits).
#ifndef ISNAD_EXTRACT_TEXT_NORMALIZER_H_
#define ISNAD_EXTRACT_TEXT_NORMALIZER_H_

#include <string>
#include <string_view>

#include "base/fold.h"
#include "base/status.h"

namespace isnad {

// NFKC-normalises valid UTF-8 `text` into `*out`. Fails with
// InvalidArgument naming the byte offset of the first invalid sequence.
Status NormalizeForDisplay(std::string_view text, std::string* out);

// True for code points that are part of a word: letters, digits, combining
// marks and tatweel, in any script.
bool IsWordChar(char32_t cp);
bool IsArabicLetter(char32_t cp);
bool IsLatinLetter(char32_t cp);
bool IsDigit(char32_t cp);  // ASCII and Arabic-Indic digits

}  // namespace isnad

#endif  // ISNAD_EXTRACT_TEXT_NORMALIZER_H_
