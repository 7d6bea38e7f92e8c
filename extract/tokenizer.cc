#include "extract/tokenizer.h"

#include <unicode/uchar.h>

#include "base/utf8.h"
#include "extract/text_normalizer.h"

namespace isnad {

namespace {

enum class CharClass { kSpace, kArabic, kLatinDigit, kPunct };

CharClass Classify(char32_t cp) {
  if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || u_isUWhiteSpace(cp)) {
    return CharClass::kSpace;
  }
  // Bidi and zero-width marks separate nothing and join nothing.
  if (FoldCodePoint(cp) == 0 && cp != 0x0640 && !(cp >= 0x064B && cp <= 0x065F) &&
      !(cp >= 0x0610 && cp <= 0x061A) && cp != 0x0670) {
    return CharClass::kSpace;
  }
  if (IsArabicLetter(cp) || cp == 0x0640 || (cp >= 0x064B && cp <= 0x065F) ||
      (cp >= 0x0610 && cp <= 0x061A) || cp == 0x0670) {
    return CharClass::kArabic;
  }
  if (IsWordChar(cp)) return CharClass::kLatinDigit;
  return CharClass::kPunct;
}

struct CodePoint {
  char32_t cp;
  uint32_t begin;
  uint32_t end;
  CharClass cls;
};

}  // namespace

void Tokenizer::Tokenize(std::string_view text, Span span, std::vector<Token>* out) {
  // Reused across calls: tokenizing is on the hot path of every article.
  thread_local std::vector<CodePoint> cps;
  cps.clear();
  size_t pos = span.begin;
  std::string_view limited = text.substr(0, span.end);
  while (pos < span.end) {
    const uint32_t b = static_cast<uint32_t>(pos);
    const char32_t cp = utf8::Decode(limited, &pos);
    cps.push_back({cp, b, static_cast<uint32_t>(pos), Classify(cp)});
  }
  auto emit = [&](size_t from, size_t to, TokenType type) {
    Token t;
    t.span = {cps[from].begin, cps[to - 1].end};
    t.type = type;
    t.folded = FoldForMatch(text.substr(t.span.begin, t.span.size()));
    if (t.folded.empty() && type != TokenType::kPunct) return;  // a lone tatweel
    out->push_back(std::move(t));
  };
  size_t i = 0;
  while (i < cps.size()) {
    const CharClass cls = cps[i].cls;
    if (cls == CharClass::kSpace) {
      ++i;
      continue;
    }
    if (cls == CharClass::kPunct) {
      emit(i, i + 1, TokenType::kPunct);
      ++i;
      continue;
    }
    size_t j = i + 1;
    bool has_letter = cls == CharClass::kArabic || !IsDigit(cps[i].cp);
    while (j < cps.size()) {
      if (cps[j].cls == cls) {
        if (cls == CharClass::kLatinDigit && !IsDigit(cps[j].cp)) has_letter = true;
        ++j;
        continue;
      }
      // Keep "3.5", "400,000", "U.S" and "DeepSeek-R1" whole: a joiner between
      // two Latin/digit characters stays inside the token.
      if (cls == CharClass::kLatinDigit && j + 1 < cps.size() &&
          cps[j + 1].cls == CharClass::kLatinDigit) {
        const char32_t c = cps[j].cp;
        const bool digits = IsDigit(cps[j - 1].cp) && IsDigit(cps[j + 1].cp);
        if (((c == '.' || c == ',' || c == 0x066B || c == 0x066C) && digits) ||
            ((c == '-' || c == '.') && !digits)) {
          j += 2;
          continue;
        }
      }
      break;
    }
    TokenType type = TokenType::kArabic;
    if (cls == CharClass::kLatinDigit) type = has_letter ? TokenType::kLatin : TokenType::kNumber;
    emit(i, j, type);
    i = j;
  }
}

}  // namespace isnad
