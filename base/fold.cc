#include "base/fold.h"

#include <unicode/uchar.h>

#include "base/utf8.h"

namespace isnad {

char32_t FoldCodePoint(char32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') return cp + ('a' - 'A');
    return cp;
  }
  // Arabic diacritics (harakat, Quranic marks), superscript alef, tatweel.
  if ((cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 ||
      (cp >= 0x06D6 && cp <= 0x06ED) || cp == 0x0640) {
    return 0;
  }
  // Zero-width and bidi control characters, BOM, soft hyphen.
  if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
      (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x00AD || cp == 0x061C) {
    return 0;
  }
  switch (cp) {
    case 0x0623:  // أ
    case 0x0625:  // إ
    case 0x0622:  // آ
    case 0x0671:  // ٱ
      return 0x0627;
    case 0x0649:  // ى
    case 0x0626:  // ئ
    case 0x06CC:  // Farsi yeh
      return 0x064A;
    case 0x0629:  // ة
      return 0x0647;
    case 0x0624:  // ؤ
      return 0x0648;
    case 0x06A9:  // keheh
      return 0x0643;
    default:
      break;
  }
  if (cp >= 0x0660 && cp <= 0x0669) return '0' + (cp - 0x0660);
  if (cp >= 0x06F0 && cp <= 0x06F9) return '0' + (cp - 0x06F0);
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
}

std::string FoldForMatch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = utf8::Decode(text, &pos);
    if (cp == 0xFFFD && pos == start + 1) continue;
    const char32_t f = FoldCodePoint(cp);
    if (f != 0) utf8::Append(f, &out);
  }
  return out;
}

}  // namespace isnad
