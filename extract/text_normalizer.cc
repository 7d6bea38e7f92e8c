#include "extract/text_normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "base/utf8.h"

namespace isnad {

Status NormalizeForDisplay(std::string_view text, std::string* out) {
  const size_t bad = utf8::FindInvalid(text);
  if (bad != std::string_view::npos) {
    return Status::InvalidArgument("invalid UTF-8 at byte offset " + std::to_string(bad));
  }
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  if (U_FAILURE(err)) return Status::IOError(std::string("ICU NFKC: ") + u_errorName(err));
  icu::UnicodeString src = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  // Quick check first: most news text is already normalised.
  if (nfkc->isNormalized(src, err) && U_SUCCESS(err)) {
    out->assign(text);
    return Status::OK();
  }
  err = U_ZERO_ERROR;
  icu::UnicodeString dst = nfkc->normalize(src, err);
  if (U_FAILURE(err)) return Status::IOError(std::string("ICU NFKC: ") + u_errorName(err));
  out->clear();
  dst.toUTF8String(*out);
  return Status::OK();
}

bool IsArabicLetter(char32_t cp) {
  return (cp >= 0x0621 && cp <= 0x064A) || (cp >= 0x066E && cp <= 0x06D3) || cp == 0x06D5 ||
         (cp >= 0x06FA && cp <= 0x06FF);
}

bool IsLatinLetter(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

bool IsDigit(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669) ||
         (cp >= 0x06F0 && cp <= 0x06F9);
}

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || IsDigit(cp);
  if (IsArabicLetter(cp) || IsDigit(cp) || FoldCodePoint(cp) == 0) {
    // Diacritics and tatweel belong to the word they sit on; bidi marks are
    // dropped by folding too but must not glue words, so exclude them.
    return !((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
             (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x061C || cp == 0x00AD);
  }
  return u_isalnum(static_cast<UChar32>(cp)) || u_getCombiningClass(static_cast<UChar32>(cp)) != 0;
}

}  // namespace isnad
